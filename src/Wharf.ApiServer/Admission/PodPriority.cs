using System.Collections.Concurrent;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// Upstream's Priority admission: a new pod's <c>priorityClassName</c> resolves into <c>spec.priority</c> and
/// <c>spec.preemptionPolicy</c>; without one the globalDefault class applies (else priority 0). Unknown classes are
/// refused. PriorityClasses whose names start with <c>system-</c> are reserved for the built-in ones.
/// The classes a pod resolved to (and which class is the default) are remembered until the next committed
/// PriorityClass write, so that pod creates do not list and decode every class each time (upstream answers from
/// its informer instead); unknown names are read every time.
/// </summary>
internal sealed class PodPriority(IStorageBackend storage) : IAdmissionPlugin, IWriteObserver
{
    public const string SystemClusterCritical = "system-cluster-critical";
    public const string SystemNodeCritical = "system-node-critical";
    private static readonly string Prefix = ResourceStore.PrefixFor(AdmittedKinds.PriorityClasses, null);

    /// <summary>The key under which the globalDefault lookup is remembered (no class name is empty).</summary>
    private const string DefaultLookup = "";

    // Classes are few; the bound only guards against unbounded growth from churn.
    private const int MaxRemembered = 1024;

    /// <summary>Resolved lookups by class name (<see cref="DefaultLookup"/>: the default), with the epoch they were read in.</summary>
    private readonly ConcurrentDictionary<string, (long Epoch, ResolvedClass? Class)> _resolved = new(StringComparer.Ordinal);

    /// <summary>
    /// Counts committed PriorityClass writes. A lookup read under an older epoch may predate a write (even one in
    /// flight while it was read), so it is read again.
    /// </summary>
    private long _epoch;

    public string Name => "Priority";

    public async Task AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (IsPriorityClass(request.Kind) && request.Operation == AdmissionOperation.Create)
        {
            if (request.Name.StartsWith("system-", StringComparison.Ordinal) && request.Name is not (SystemClusterCritical or SystemNodeCritical))
                throw StatusErrors.Forbidden($"priorityclasses.scheduling.k8s.io \"{request.Name}\" is forbidden: priority class names with 'system-' prefix are reserved for system use only");
            return;
        }
        if (request.Kind.Group != "" || request.Kind.Plural != "pods" || request.Operation != AdmissionOperation.Create || request.Object is null)
            return;
        var spec = request.Object.Obj("spec");
        var className = spec.Str("priorityClassName");
        ResolvedClass? priorityClass;
        if (!string.IsNullOrEmpty(className))
        {
            priorityClass = await ResolveAsync(className, cancellationToken)
                ?? throw StatusErrors.Forbidden($"pods \"{request.Name}\" is forbidden: no PriorityClass with name {className} was found");
        }
        else
        {
            priorityClass = await ResolveAsync(DefaultLookup, cancellationToken);
            if (priorityClass is not null) spec["priorityClassName"] = priorityClass.Name;
        }
        var value = priorityClass?.Value ?? 0;
        if (spec["priority"].Long() is { } given && given != value)
            throw StatusErrors.Forbidden($"pods \"{request.Name}\" is forbidden: the integer value of priority ({given}) must not be provided in pod spec; priority admission controller computed {value} from the given PriorityClass name");
        spec["priority"] = value;
        spec["preemptionPolicy"] = priorityClass?.PreemptionPolicy ?? "PreemptLowerPriority";
    }

    public void Written(ResourceKind kind, string? ns, string name)
    {
        if (IsPriorityClass(kind))
            Interlocked.Increment(ref _epoch);
    }

    private static bool IsPriorityClass(ResourceKind kind) => AdmittedKinds.Is(kind, AdmittedKinds.PriorityClasses);

    /// <summary>The named class, or the globalDefault one for <see cref="DefaultLookup"/>; null when there is none.</summary>
    private async Task<ResolvedClass?> ResolveAsync(string lookup, CancellationToken ct)
    {
        // Taken before the read: a class write committing during the read leaves the entry stale at once.
        var epoch = Volatile.Read(ref _epoch);
        if (_resolved.TryGetValue(lookup, out var remembered) && remembered.Epoch == epoch)
            return remembered.Class;
        ResolvedClass? resolved;
        if (lookup != DefaultLookup)
        {
            if (await storage.GetAsync(ResourceStore.KeyFor(AdmittedKinds.PriorityClasses, null, lookup), ct) is not { } stored)
                return null;
            resolved = ResolvedClass.Of(ObjectCodec.Decode(stored));
        }
        else
        {
            var all = await storage.ListAsync(Prefix, 0, null, 0, ct);
            resolved = all.Items.Select(ObjectCodec.Decode).Where(c => c["globalDefault"].Bool() == true)
                .OrderBy(c => c["value"].Long() ?? 0).Select(ResolvedClass.Of).FirstOrDefault();
        }
        if (_resolved.Count >= MaxRemembered) _resolved.Clear();
        _resolved[lookup] = (epoch, resolved);
        return resolved;
    }

    /// <summary>What admission takes from a PriorityClass, immutable so that concurrent admissions can share it.</summary>
    private sealed record ResolvedClass(string? Name, long Value, string? PreemptionPolicy)
    {
        public static ResolvedClass Of(System.Text.Json.Nodes.JsonObject priorityClass) =>
            new(priorityClass["metadata"].Str("name"), priorityClass["value"].Long() ?? 0, priorityClass.Str("preemptionPolicy"));
    }
}
