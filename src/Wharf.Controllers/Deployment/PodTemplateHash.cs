using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client.Rest;
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
        foreach (var b in CanonicalUtf8(ModelJson.ToNode(template)))
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
    internal static string Canonical(JsonNode? node) => Encoding.UTF8.GetString(CanonicalUtf8(node));

    /// <summary>
    /// <see cref="Canonical"/>'s text as UTF-8, written in one pass through a writer: names and values escaped as
    /// <see cref="JsonSerializer.Serialize{TValue}(TValue, JsonSerializerOptions?)"/> and
    /// <see cref="JsonNode.ToJsonString"/> escape them (the default encoder), without a string per name and value.
    /// </summary>
    internal static byte[] CanonicalUtf8(JsonNode? node) => JsonBody.Write(node, static (w, n) => Write(n, w));

    private static void Write(JsonNode? node, Utf8JsonWriter writer)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                var members = ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Rent(o.Count);
                try
                {
                    var count = 0;
                    foreach (var member in o) members[count++] = member;
                    Array.Sort(members, 0, count, MemberOrder.Instance);
                    for (var i = 0; i < count; i++)
                    {
                        writer.WritePropertyName(members[i].Key);
                        Write(members[i].Value, writer);
                    }
                }
                finally
                {
                    ArrayPool<KeyValuePair<string, JsonNode?>>.Shared.Return(members, clearArray: true);
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                for (var i = 0; i < a.Count; i++) Write(a[i], writer);
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    /// <summary>Members by name, ordinal (names within one object are distinct, so the order is total).</summary>
    private sealed class MemberOrder : IComparer<KeyValuePair<string, JsonNode?>>
    {
        public static readonly MemberOrder Instance = new();

        public int Compare(KeyValuePair<string, JsonNode?> x, KeyValuePair<string, JsonNode?> y) => string.CompareOrdinal(x.Key, y.Key);
    }
}
