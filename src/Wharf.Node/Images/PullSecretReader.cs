using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Node.Images;

/// <summary>
/// Reads a pod's imagePullSecrets from the API as kubelet does: only secrets of type
/// <c>kubernetes.io/dockerconfigjson</c> or <c>kubernetes.io/dockercfg</c> with their key present count; a secret
/// that is missing (or unreadable) is named in <see cref="PullSecrets.Unavailable"/> and the pull goes on without it.
/// </summary>
public sealed class PullSecretReader(IApiClient client)
{
    public async Task<PullSecrets> ReadAsync(string ns, IEnumerable<string> names, CancellationToken ct)
    {
        var keyring = new DockerKeyring();
        var unavailable = new List<string>();
        foreach (var name in names.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal))
        {
            JsonObject secret;
            try
            {
                secret = await client.GetAsync(Resource.Secrets, ns, name, ct);
            }
            catch (ApiException)
            {
                unavailable.Add(name);
                continue;
            }
            try
            {
                keyring.Add(Entries(secret));
            }
            catch (FormatException)
            {
                unavailable.Add(name);
            }
        }
        return new PullSecrets(keyring, unavailable);
    }

    internal static IReadOnlyList<KeyValuePair<string, DockerCredential>> Entries(JsonObject secret)
    {
        var type = secret["type"] is JsonValue t && t.TryGetValue<string>(out var s) ? s : "";
        var data = secret["data"] as JsonObject;
        if (type == DockerConfig.ConfigJsonType && Bytes(data, DockerConfig.ConfigJsonKey) is { Length: > 0 } json)
            return DockerConfig.ParseConfigJson(json);
        if (type == DockerConfig.LegacyType && Bytes(data, DockerConfig.LegacyKey) is { Length: > 0 } legacy)
            return DockerConfig.ParseLegacy(legacy);
        return [];
    }

    private static byte[]? Bytes(JsonObject? data, string key) =>
        data?[key] is JsonValue v && v.TryGetValue<string>(out var base64) ? Convert.FromBase64String(base64) : null;
}
