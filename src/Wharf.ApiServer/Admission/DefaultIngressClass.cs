using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// Upstream's DefaultIngressClass admission: a new Ingress that names no class (neither
/// <c>spec.ingressClassName</c> nor the legacy <c>kubernetes.io/ingress.class</c> annotation) gets the IngressClass
/// marked <c>ingressclass.kubernetes.io/is-default-class: "true"</c>; with several marked, the newest one.
/// </summary>
internal sealed class DefaultIngressClass(IStorageBackend storage) : IAdmissionPlugin
{
    public const string IsDefaultAnnotation = "ingressclass.kubernetes.io/is-default-class";
    private const string LegacyAnnotation = "kubernetes.io/ingress.class";
    private static readonly string Prefix = ResourceStore.PrefixFor(AdmittedKinds.IngressClasses, null);

    public string Name => "DefaultIngressClass";

    public async Task AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind.Group != "networking.k8s.io" || request.Kind.Plural != "ingresses" || request.Operation != AdmissionOperation.Create
            || request.Subresource is not null || request.Object is null)
            return;
        var spec = request.Object.Obj("spec");
        if (spec.Str("ingressClassName") is { Length: > 0 } || request.Object["metadata"]?["annotations"]?[LegacyAnnotation] is not null)
            return;
        var classes = await storage.ListAsync(Prefix, 0, null, 0, cancellationToken);
        var chosen = classes.Items.Select(ObjectCodec.Decode)
            .Where(c => c["metadata"]?["annotations"]?[IsDefaultAnnotation]?.GetValue<string>() == "true")
            .OrderByDescending(c => c["metadata"].Str("creationTimestamp"), StringComparer.Ordinal)
            .FirstOrDefault();
        if (chosen?["metadata"].Str("name") is { } name)
            spec["ingressClassName"] = name;
    }
}
