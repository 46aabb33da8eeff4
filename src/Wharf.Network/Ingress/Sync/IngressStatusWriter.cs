using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Client.Rest;

namespace Wharf.Network.Ingress.Sync;

/// <summary>
/// Keeps <c>status.loadBalancer.ingress</c> at the node addresses, writing the status subresource only when it
/// differs. A conflict or a vanished Ingress is left to the next informer event.
/// </summary>
internal sealed class IngressStatusWriter(IApiClient client, IReadOnlyList<string> addresses, ILogger logger)
{
    private readonly JsonArray _desired = Entries(addresses);

    public bool IsCurrent(JsonObject ingress) =>
        JsonNode.DeepEquals(ingress["status"]?["loadBalancer"]?["ingress"] ?? new JsonArray(), _desired);

    /// <returns>False when the write failed for a reason worth retrying (anything but conflict and not-found).</returns>
    public async Task<bool> EnsureAsync(JsonObject ingress, CancellationToken ct)
    {
        if (IsCurrent(ingress)) return true;
        var updated = ingress.DeepClone().AsObject();
        var loadBalancer = _desired.Count == 0 ? new JsonObject() : new JsonObject { ["ingress"] = _desired.DeepClone() };
        updated["status"] = new JsonObject { ["loadBalancer"] = loadBalancer };
        try
        {
            await client.UpdateStatusAsync(IngressResources.Ingresses, updated, ct);
            return true;
        }
        catch (ApiException e) when (e.IsConflict || e.IsNotFound)
        {
            return true;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException)
        {
            Log.StatusFailed(logger, CacheKeys.For(ingress), e.Message);
            return false;
        }
    }

    private static JsonArray Entries(IReadOnlyList<string> addresses)
    {
        var entries = new JsonArray();
        foreach (var address in addresses.Distinct())
            entries.Add(IPAddress.TryParse(address, out _) ? new JsonObject { ["ip"] = address } : new JsonObject { ["hostname"] = address });
        return entries;
    }
}
