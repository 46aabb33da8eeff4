using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// Upstream's Priority admission: a new pod's <c>priorityClassName</c> resolves into <c>spec.priority</c> and
/// <c>spec.preemptionPolicy</c>; without one the globalDefault class applies (else priority 0). Unknown classes are
/// refused. PriorityClasses whose names start with <c>system-</c> are reserved for the built-in ones.
/// </summary>
internal sealed class PodPriority(IStorageBackend storage) : IAdmissionPlugin
{
    public const string SystemClusterCritical = "system-cluster-critical";
    public const string SystemNodeCritical = "system-node-critical";
    private const string Prefix = "/registry/scheduling.k8s.io/priorityclasses/";

    public string Name => "Priority";

    public async Task AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind.Group == "scheduling.k8s.io" && request.Kind.Plural == "priorityclasses" && request.Operation == AdmissionOperation.Create)
        {
            if (request.Name.StartsWith("system-", StringComparison.Ordinal) && request.Name is not (SystemClusterCritical or SystemNodeCritical))
                throw StatusErrors.Forbidden($"priorityclasses.scheduling.k8s.io \"{request.Name}\" is forbidden: priority class names with 'system-' prefix are reserved for system use only");
            return;
        }
        if (request.Kind.Group != "" || request.Kind.Plural != "pods" || request.Operation != AdmissionOperation.Create || request.Object is null)
            return;
        var spec = request.Object.Obj("spec");
        var className = spec.Str("priorityClassName");
        JsonObject? priorityClass = null;
        if (!string.IsNullOrEmpty(className))
        {
            var stored = await storage.GetAsync(Prefix + className, cancellationToken)
                ?? throw StatusErrors.Forbidden($"pods \"{request.Name}\" is forbidden: no PriorityClass with name {className} was found");
            priorityClass = ObjectCodec.Decode(stored);
        }
        else
        {
            var all = await storage.ListAsync(Prefix, 0, null, 0, cancellationToken);
            priorityClass = all.Items.Select(ObjectCodec.Decode).Where(c => c["globalDefault"].Bool() == true)
                .OrderBy(c => c["value"].Long() ?? 0).FirstOrDefault();
            if (priorityClass is not null) spec["priorityClassName"] = priorityClass["metadata"].Str("name");
        }
        var value = priorityClass?["value"].Long() ?? 0;
        if (spec["priority"].Long() is { } given && given != value)
            throw StatusErrors.Forbidden($"pods \"{request.Name}\" is forbidden: the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {value} from the given PriorityClass name");
        spec["priority"] = value;
        spec["preemptionPolicy"] = priorityClass?.Str("preemptionPolicy") ?? "PreemptLowerPriority";
    }
}
