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
        foreach (var b in CanonicalUtf8Of(template))
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
    /// <see cref="Canonical"/>'s text as UTF-8, written through a writer: names and values escaped as
    /// <see cref="JsonSerializer.Serialize{TValue}(TValue, JsonSerializerOptions?)"/> and
    /// <see cref="JsonNode.ToJsonString"/> escape them (the default encoder). One writer serves nodes and models
    /// (<see cref="CanonicalUtf8Of"/>): a node is read through its text like a model.
    /// </summary>
    internal static byte[] CanonicalUtf8(JsonNode? node) => CanonicalUtf8(JsonSerializer.SerializeToUtf8Bytes(node), withoutHashLabel: false);

    /// <summary>
    /// <see cref="CanonicalUtf8"/> of a model's wire text, read through a pooled <see cref="JsonDocument"/>: the same
    /// bytes as the canonical text of <c>ModelJson.ToNode(model)</c>, without a node per member and value (every new
    /// ReplicaSet hashed its template and keyed two templates that way). With <paramref name="withoutHashLabel"/>, a
    /// pod template's <see cref="Label"/> label is left out, and its labels with it when it was the only one.
    /// </summary>
    internal static byte[] CanonicalUtf8Of(object? model, bool withoutHashLabel = false) =>
        model is null ? "null"u8.ToArray() : CanonicalUtf8(ModelJson.ToUtf8(model), withoutHashLabel);

    private static byte[] CanonicalUtf8(byte[] json, bool withoutHashLabel)
    {
        using var document = JsonDocument.Parse(json);
        return JsonBody.Write((document.RootElement, withoutHashLabel ? Level.Template : Level.Other),
            static (w, state) => Write(state.RootElement, w, state.Item2));
    }

    /// <summary>Where a value stands, for leaving out the hash label (template → metadata → labels).</summary>
    private enum Level
    {
        Other,
        Template,
        Metadata,
        Labels,
    }

    private static void Write(JsonElement element, Utf8JsonWriter writer, Level level)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = ArrayPool<(string Name, JsonElement Value)>.Shared.Rent(16);
                var count = 0;
                try
                {
                    foreach (var member in element.EnumerateObject())
                    {
                        if (level == Level.Labels && member.NameEquals(Label)) continue;
                        if (level == Level.Metadata && member.NameEquals("labels") && IsOnlyHashLabel(member.Value)) continue;
                        if (count == members.Length) Grow(ref members);
                        members[count++] = (member.Name, member.Value);
                    }
                    Array.Sort(members, 0, count, ElementMemberOrder.Instance);
                    writer.WriteStartObject();
                    for (var i = 0; i < count; i++)
                    {
                        writer.WritePropertyName(members[i].Name);
                        Write(members[i].Value, writer, Inner(level, members[i].Name));
                    }
                    writer.WriteEndObject();
                }
                finally
                {
                    ArrayPool<(string, JsonElement)>.Shared.Return(members, clearArray: true);
                }
                break;
            case JsonValueKind.Array:
                writer.WriteStartArray();
                foreach (var item in element.EnumerateArray()) Write(item, writer, Level.Other);
                writer.WriteEndArray();
                break;
            default:
                element.WriteTo(writer);
                break;
        }
    }

    private static Level Inner(Level level, string name) => (level, name) switch
    {
        (Level.Template, "metadata") => Level.Metadata,
        (Level.Metadata, "labels") => Level.Labels,
        _ => Level.Other,
    };

    /// <summary>Labels with nothing but the hash label (or none): left out whole once the hash label is.</summary>
    private static bool IsOnlyHashLabel(JsonElement labels)
    {
        if (labels.ValueKind != JsonValueKind.Object) return false;
        foreach (var label in labels.EnumerateObject())
        {
            if (!label.NameEquals(Label)) return false;
        }
        return true;
    }

    private static void Grow(ref (string Name, JsonElement Value)[] members)
    {
        var larger = ArrayPool<(string Name, JsonElement Value)>.Shared.Rent(members.Length * 2);
        members.AsSpan().CopyTo(larger);
        ArrayPool<(string, JsonElement)>.Shared.Return(members, clearArray: true);
        members = larger;
    }

    private sealed class ElementMemberOrder : IComparer<(string Name, JsonElement Value)>
    {
        public static readonly ElementMemberOrder Instance = new();

        public int Compare((string Name, JsonElement Value) x, (string Name, JsonElement Value) y) => string.CompareOrdinal(x.Name, y.Name);
    }
}
