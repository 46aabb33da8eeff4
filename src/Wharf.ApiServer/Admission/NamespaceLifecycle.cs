using System.Collections.Concurrent;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// Refuses new objects in namespaces that do not exist (404) or are being deleted (403), as upstream's
/// NamespaceLifecycle plugin does. A namespace read as active is remembered until the next namespace write
/// commits (upstream answers from its informer instead), so creates in an active namespace read nothing; unknown and
/// terminating namespaces are always read from the store.
/// </summary>
internal sealed class NamespaceLifecycle(IStorageBackend storage) : IAdmissionPlugin, IWriteObserver
{
    // Namespaces are few; the bound only guards against unbounded growth from churn.
    private const int MaxRemembered = 4096;

    private readonly NamespaceStates _states = new();

    /// <summary>Active namespaces, with the <see cref="_epoch"/> in force when they were read.</summary>
    private readonly ConcurrentDictionary<string, long> _active = new(StringComparer.Ordinal);

    /// <summary>
    /// Counts committed namespace writes. An entry read under an older epoch may predate a write that made its
    /// namespace terminating (even one that was in flight while it was read), so it is read again.
    /// </summary>
    private long _epoch;

    public string Name => "NamespaceLifecycle";

    public async Task AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Operation != AdmissionOperation.Create || request.Namespace is null || !request.Kind.Namespaced)
            return;
        // Taken before the read: a namespace write committing during the read leaves the entry stale at once.
        var epoch = Volatile.Read(ref _epoch);
        if (_active.TryGetValue(request.Namespace, out var readAt) && readAt == epoch)
            return;
        var stored = await storage.GetAsync(ResourceStore.KeyFor(AdmittedKinds.Namespaces, null, request.Namespace), cancellationToken);
        if (stored is null)
            throw StatusErrors.NotFound("namespaces", "", "namespaces", request.Namespace);
        if (_states.IsTerminating(stored))
        {
            // Events are still accepted so that the deletion itself can be reported.
            if (request.Kind.Plural == "events") return;
            throw new StatusException(403, "Forbidden",
                $"{request.Kind.QualifiedResource} \"{request.Name}\" is forbidden: unable to create new content in namespace {request.Namespace} because it is being terminated",
                new StatusDetails(request.Name, request.Kind.Group, request.Kind.Plural, [new StatusCause("NamespaceTerminating", $"namespace {request.Namespace} is being terminated", "metadata.namespace")]));
        }
        if (_active.Count >= MaxRemembered) _active.Clear();
        _active[request.Namespace] = epoch;
    }

    public void Written(ResourceKind kind, string? ns, string name)
    {
        if (AdmittedKinds.Is(kind, AdmittedKinds.Namespaces))
            Interlocked.Increment(ref _epoch);
    }
}
