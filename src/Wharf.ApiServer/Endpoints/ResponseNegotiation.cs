using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Serialization;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// The 406 answers upstream gives a resource request before serving it: no Accept clause the endpoint can serve
/// (<see cref="AcceptNegotiation"/>), a PartialObjectMetadataList asked of one object, or a PartialObjectMetadata
/// asked of a list. Upstream names the internal Go type it refused to convert (<c>*core.Pod</c>,
/// <c>*apps.DeploymentList</c>, <c>*unstructured.Unstructured</c> for custom resources), and so does Wharf.
/// </summary>
internal static class ResponseNegotiation
{
    public static void Check(RequestContext request)
    {
        if (!request.Accept.Acceptable) throw AcceptNegotiation.NotAcceptable();
        if (request.Accept.Conversion is not { } conversion) return;
        switch (conversion.Kind, request.Info.Verb)
        {
            case ("PartialObjectMetadataList", "get"):
                throw StatusErrors.NotAcceptable($"you requested PartialObjectMetadataList, but the requested object is not a list ({GoType(request.Kind, list: false)})");
            case ("PartialObjectMetadata", "list"):
                throw StatusErrors.NotAcceptable($"you requested PartialObjectMetadata, but the requested object is a list ({GoType(request.Kind, list: true)})");
        }
    }

    /// <summary>The internal type upstream's storage returns for <paramref name="kind"/>, as Go's %T prints it.</summary>
    internal static string GoType(ResourceKind kind, bool list)
    {
        if (kind.CustomResourceSchema is not null)
            return list ? "*unstructured.UnstructuredList" : "*unstructured.Unstructured";
        // Internal packages are named after the group's first label; core holds the legacy group and events.k8s.io.
        var package = kind.Group is "" or "events.k8s.io" ? "core" : kind.Group.Split('.')[0];
        return $"*{package}.{(list ? kind.ListKind : kind.Kind)}";
    }
}
