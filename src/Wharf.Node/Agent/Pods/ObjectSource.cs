using System.Text;
using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// ConfigMaps and Secrets a pod refers to, read from the API once per sync pass (a new instance per pass), with
/// binaryData/data decoded to bytes. A missing object is null.
/// </summary>
internal sealed class ObjectSource(IApiClient client, string ns)
{
    private readonly Dictionary<(Resource, string), IReadOnlyDictionary<string, byte[]>?> _cache = new();

    public Task<IReadOnlyDictionary<string, byte[]>?> ConfigMapAsync(string name, CancellationToken ct) => GetAsync(Resource.ConfigMaps, name, ct);

    public Task<IReadOnlyDictionary<string, byte[]>?> SecretAsync(string name, CancellationToken ct) => GetAsync(Resource.Secrets, name, ct);

    private async Task<IReadOnlyDictionary<string, byte[]>?> GetAsync(Resource resource, string name, CancellationToken ct)
    {
        if (_cache.TryGetValue((resource, name), out var cached))
            return cached;
        IReadOnlyDictionary<string, byte[]>? data;
        try
        {
            var obj = await client.GetAsync(resource, ns, name, ct);
            data = Decode(obj, base64Data: resource == Resource.Secrets);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            data = null;
        }
        _cache[(resource, name)] = data;
        return data;
    }

    /// <summary>Secrets carry base64 in data; ConfigMaps carry text in data and base64 in binaryData.</summary>
    internal static IReadOnlyDictionary<string, byte[]> Decode(JsonObject obj, bool base64Data)
    {
        var result = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        if (obj["data"] is JsonObject data)
        {
            foreach (var (key, value) in data)
            {
                var text = value.Str() ?? "";
                result[key] = base64Data ? Convert.FromBase64String(text) : Encoding.UTF8.GetBytes(text);
            }
        }
        if (obj["binaryData"] is JsonObject binary)
        {
            foreach (var (key, value) in binary)
                result[key] = Convert.FromBase64String(value.Str() ?? "");
        }
        return result;
    }
}
