using System.Text.Json.Nodes;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// Reads a pod's ServiceAccount from the authoritative store. The <c>default</c> account is made by the
/// ServiceAccount controller right after its namespace appears, so a pod created at once may arrive first: as
/// upstream's admission does, a missing <c>default</c> is read again for a while before it counts as missing. Wharf
/// waits longer than upstream's two seconds because its controller shares a small, possibly loaded machine with the
/// server, and a slow pod create beats a refused one. Any other account is read once.
/// </summary>
internal sealed class ServiceAccountLookup(IStorageBackend storage, TimeProvider time, TimeSpan defaultAccountWait)
{
    public static readonly TimeSpan DefaultAccountWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>The account, or null when it does not exist (after waiting for <c>default</c>).</summary>
    public async Task<JsonObject?> FindAsync(string ns, string name, CancellationToken cancellationToken)
    {
        var key = $"/registry/core/serviceaccounts/{ns}/{name}";
        var deadline = name == ServiceAccountAdmission.DefaultServiceAccount ? time.GetTimestamp() + (long)(defaultAccountWait.TotalSeconds * time.TimestampFrequency) : 0;
        while (true)
        {
            if (await storage.GetAsync(key, cancellationToken) is { } stored)
                return ObjectCodec.Decode(stored);
            if (time.GetTimestamp() >= deadline)
                return null;
            await Task.Delay(RetryInterval, time, cancellationToken);
        }
    }
}
