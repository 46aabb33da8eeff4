using System.Collections.Concurrent;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// Reads a pod's ServiceAccount from the authoritative store. The <c>default</c> account is made by the
/// ServiceAccount controller right after its namespace appears, so a pod created at once may arrive first: as
/// upstream's admission does, a missing <c>default</c> is read again for a while before it counts as missing. Wharf
/// waits longer than upstream's two seconds because its controller shares a small, possibly loaded machine with the
/// server, and a slow pod create beats a refused one. Any other account is read once.
/// An account found is remembered until the next ServiceAccount write in its namespace commits (upstream answers
/// from its informer instead), so pod creates read nothing; missing accounts are always read from the store.
/// </summary>
internal sealed class ServiceAccountLookup(IStorageBackend storage, TimeProvider time, TimeSpan defaultAccountWait)
{
    public static readonly TimeSpan DefaultAccountWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    // One entry per namespace with pods or ServiceAccount writes; the bound only guards against churn.
    private const int MaxRemembered = 4096;

    /// <summary>Accounts found, with the <see cref="_clock"/> value seen just before they were read.</summary>
    private readonly ConcurrentDictionary<(string Namespace, string Name), (long ReadAt, ServiceAccountFacts Facts)> _found = new();

    /// <summary>Per namespace, the <see cref="_clock"/> value of its last committed ServiceAccount write.</summary>
    private readonly ConcurrentDictionary<string, long> _lastWrite = new(StringComparer.Ordinal);

    /// <summary>Counts ServiceAccount writes; a remembered account is good while no write in its namespace came after its read.</summary>
    private long _clock;

    /// <summary>The last write of namespaces forgotten by a bound clear: they may have been written up to then.</summary>
    private long _floor;

    /// <summary>The account, or null when it does not exist (after waiting for <c>default</c>).</summary>
    public async Task<ServiceAccountFacts?> FindAsync(string ns, string name, CancellationToken cancellationToken)
    {
        // Taken before the read: a write committing during the read leaves the entry stale at once.
        var readAt = Volatile.Read(ref _clock);
        if (_found.TryGetValue((ns, name), out var remembered) && remembered.ReadAt >= LastWrite(ns))
            return remembered.Facts;
        var key = ResourceStore.KeyFor(AdmittedKinds.ServiceAccounts, ns, name);
        var deadline = name == ServiceAccountAdmission.DefaultServiceAccount ? time.GetTimestamp() + (long)(defaultAccountWait.TotalSeconds * time.TimestampFrequency) : 0;
        while (true)
        {
            if (await storage.GetAsync(key, cancellationToken) is { } stored)
            {
                var facts = ServiceAccountFacts.Of(ObjectCodec.Decode(stored));
                if (_found.Count >= MaxRemembered) _found.Clear();
                _found[(ns, name)] = (readAt, facts);
                return facts;
            }
            if (time.GetTimestamp() >= deadline)
                return null;
            await Task.Delay(RetryInterval, time, cancellationToken);
            readAt = Volatile.Read(ref _clock);
        }
    }

    /// <summary>A ServiceAccount write in <paramref name="ns"/> was attempted: what was read there before is stale.</summary>
    public void Written(string ns)
    {
        var now = Interlocked.Increment(ref _clock);
        if (_lastWrite.Count >= MaxRemembered)
        {
            // Forgotten namespaces count as written now, so no entry read before this point is trusted again.
            Volatile.Write(ref _floor, now);
            _lastWrite.Clear();
        }
        _lastWrite.AddOrUpdate(ns, now, (_, before) => Math.Max(before, now));
    }

    private long LastWrite(string ns) => _lastWrite.TryGetValue(ns, out var at) ? at : Volatile.Read(ref _floor);
}
