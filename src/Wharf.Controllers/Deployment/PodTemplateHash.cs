using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Deployment;

/// <summary>
/// The <c>pod-template-hash</c> of a Deployment's template: FNV-32a over the template (here its canonical JSON,
/// keys sorted) followed by the collision count as four little-endian bytes, printed in decimal and mapped onto
/// upstream's "safe" alphabet, so ReplicaSet names look like upstream's (<c>web-5d8b9c7f4</c>).
/// </summary>
public static class PodTemplateHash
{
    public const string Label = "pod-template-hash";

    private const string SafeAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    public static string Compute(V1PodTemplateSpec template, int? collisionCount)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(Canonical(ModelJson.ToNode(template))))
            hash = Step(hash, b);
        if (collisionCount is { } c)
        {
            for (var i = 0; i < 4; i++) hash = Step(hash, (byte)((uint)c >> (8 * i)));
        }
        return SafeEncode(hash.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Maps each character onto upstream's alphabet without vowels (rand.SafeEncodeString), so hashes never spell words.</summary>
    internal static string SafeEncode(string text) => string.Concat(text.Select(d => SafeAlphabet[d % SafeAlphabet.Length]));

    private static uint Step(uint hash, byte b) => unchecked((hash ^ b) * 16777619u);

    /// <summary>JSON with object keys sorted, so the hash does not depend on the order fields arrived in.</summary>
    internal static string Canonical(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(node, sb);
        return sb.ToString();
    }

    private static void Write(JsonNode? node, StringBuilder sb)
    {
        switch (node)
        {
            case JsonObject o:
                sb.Append('{');
                var first = true;
                foreach (var (k, v) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first) sb.Append(',');
                    first = false;
                    sb.Append(JsonSerializer.Serialize(k)).Append(':');
                    Write(v, sb);
                }
                sb.Append('}');
                break;
            case JsonArray a:
                sb.Append('[');
                for (var i = 0; i < a.Count; i++)
                {
                    if (i > 0) sb.Append(',');
                    Write(a[i], sb);
                }
                sb.Append(']');
                break;
            case null:
                sb.Append("null");
                break;
            default:
                sb.Append(node.ToJsonString());
                break;
        }
    }
}
