using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Node.Agent.Volumes;

/// <summary>
/// Service account tokens bound to a pod through the TokenRequest API (serviceaccounts/NAME/token). IApiClient has
/// no create-on-subresource verb, so the subresource is addressed as a collection path of its own.
/// </summary>
internal sealed class TokenRequester(IApiClient client)
{
    public async Task<string> RequestAsync(string ns, string serviceAccount, string podName, string podUid, string? audience, long expirationSeconds, CancellationToken ct)
    {
        var spec = new JsonObject
        {
            ["expirationSeconds"] = expirationSeconds,
            ["boundObjectRef"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["name"] = podName, ["uid"] = podUid },
        };
        if (audience is { Length: > 0 })
            spec["audiences"] = new JsonArray(audience);
        var request = new JsonObject { ["apiVersion"] = "authentication.k8s.io/v1", ["kind"] = "TokenRequest", ["spec"] = spec };
        var tokenPath = new Resource("", "v1", $"serviceaccounts/{Uri.EscapeDataString(serviceAccount)}/token", "TokenRequest", true);
        var response = await client.CreateAsync(tokenPath, ns, request, ct);
        return response["status"]?["token"].Str() ?? throw new InvalidOperationException("TokenRequest answered without a token");
    }
}
