using System.Text;
using System.Text.Json.Nodes;
using Wharf.Client;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// ConfigMaps and Secrets a pod refers to, with binaryData/data decoded to bytes; a missing object is null. One
/// instance per sync pass, so that the pass sees each object once; they come from the node's
/// <see cref="ConfigObjectCache"/>, at most <paramref name="maxAge"/> old.
/// </summary>
internal sealed class ObjectSource(ConfigObjectCache objects, string ns, TimeSpan maxAge)
{
    private readonly Dictionary<(Resource, string), IReadOnlyDictionary<string, byte[]>?> _cache = new();

    public Task<IReadOnlyDictionary<string, byte[]>?> ConfigMapAsync(string name, CancellationToken ct) => GetAsync(Resource.ConfigMaps, name, ct);

    public Task<IReadOnlyDictionary<string, byte[]>?> SecretAsync(string name, CancellationToken ct) => GetAsync(Resource.Secrets, name, ct);

    private async Task<IReadOnlyDictionary<string, byte[]>?> GetAsync(Resource resource, string name, CancellationToken ct)
    {
        if (_cache.TryGetValue((resource, name), out var cached))
            return cached;
        var data = await objects.GetAsync(resource, ns, name, maxAge, ct);
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
