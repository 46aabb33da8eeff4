using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Storage;

namespace Wharf.ApiServer.Rest;

/// <summary>
/// The <c>PartialObjectMetadata</c> form of an object (meta.k8s.io: kind, apiVersion and the whole metadata, nothing
/// else), which clients ask for with <c>Accept: application/json;as=PartialObjectMetadata[List];g=meta.k8s.io;v=v1</c>
/// (metadata-only informers, e.g. the garbage collector's). From stored bytes it is built by copying the stored
/// metadata object and splicing the revision in as <c>resourceVersion</c>, without a DOM; objects already decoded
/// are projected from their tree.
/// </summary>
public static class PartialMetadataProjection
{
    public const string Group = "meta.k8s.io";
    public const string Kind = "PartialObjectMetadata";
    public const string ListKind = "PartialObjectMetadataList";

    private static readonly byte[] V1Prefix = Prefix("v1");
    private static readonly byte[] V1Beta1Prefix = Prefix("v1beta1");
    private static readonly byte[] ResourceVersionMember = "\"resourceVersion\":\""u8.ToArray();

    /// <summary>meta.k8s.io/v1 unless the client asked for v1beta1 (the only other version serving these kinds).</summary>
    public static string ApiVersion(string version) => version == "v1beta1" ? Group + "/v1beta1" : Group + "/v1";

    /// <summary>
    /// The projected document of a stored object, or null when the stored bytes are not in the expected shape
    /// (no metadata object, or one that already carries a resourceVersion): the caller then projects the decoded object.
    /// </summary>
    public static byte[]? TryProject(StoredObject stored, string version)
    {
        var span = stored.Value.Span;
        if (!TryFindMetadata(span, out var start, out var end, out var empty)) return null;
        Span<byte> revision = stackalloc byte[20];
        stored.ModRevision.TryFormat(revision, out var written, default, CultureInfo.InvariantCulture);
        var prefix = version == "v1beta1" ? V1Beta1Prefix : V1Prefix;
        var metadataLength = end - start; // up to, not including, the closing brace
        var length = prefix.Length + metadataLength + (empty ? 0 : 1) + ResourceVersionMember.Length + written + 1 + 2;
        var result = new byte[length];
        var at = 0;
        prefix.CopyTo(result, at);
        at += prefix.Length;
        span[start..end].CopyTo(result.AsSpan(at));
        at += metadataLength;
        if (!empty) result[at++] = (byte)',';
        ResourceVersionMember.CopyTo(result, at);
        at += ResourceVersionMember.Length;
        revision[..written].CopyTo(result.AsSpan(at));
        at += written;
        result[at++] = (byte)'"';
        result[at++] = (byte)'}';
        result[at] = (byte)'}';
        return result;
    }

    /// <summary>The projected document of a stored object: from its bytes when they allow it, else from the decoded object.</summary>
    public static byte[] Project(Registry.ResourceKind kind, StoredObject stored, string version) =>
        TryProject(stored, version) ?? JsonSerializer.SerializeToUtf8Bytes(FromObject(ResourceStore.Output(kind, ObjectCodec.Decode(stored)), version));

    /// <summary>The projection of a decoded (served) object: a new tree, <paramref name="obj"/> is not changed.</summary>
    public static JsonObject FromObject(JsonObject obj, string version) => new()
    {
        ["kind"] = Kind,
        ["apiVersion"] = ApiVersion(version),
        ["metadata"] = obj["metadata"]?.DeepClone() ?? new JsonObject(),
    };

    /// <summary>A bookmark's object in this form: only the revision.</summary>
    public static JsonObject Bookmark(long revision, string version) => new()
    {
        ["kind"] = Kind,
        ["apiVersion"] = ApiVersion(version),
        ["metadata"] = new JsonObject { ["resourceVersion"] = revision.ToString(CultureInfo.InvariantCulture) },
    };

    /// <summary>
    /// Where the top-level metadata object of <paramref name="stored"/> starts (its opening brace) and where its
    /// closing brace is, and whether it has no members. False when there is none or it has a resourceVersion.
    /// </summary>
    internal static bool TryFindMetadata(ReadOnlySpan<byte> stored, out int start, out int end, out bool empty)
    {
        start = end = 0;
        empty = true;
        try
        {
            var reader = new Utf8JsonReader(stored, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueIsEscaped || !reader.ValueTextEquals("metadata"u8))
                {
                    reader.Skip();
                    continue;
                }
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
                start = (int)reader.TokenStartIndex;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    // The decoded object's resourceVersion replaces a stored one in place; leave that to the DOM path.
                    if (reader.ValueTextEquals("resourceVersion"u8)) return false;
                    empty = false;
                    reader.Skip();
                }
                if (reader.TokenType != JsonTokenType.EndObject) return false;
                end = (int)reader.TokenStartIndex;
                return true;
            }
            return false;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static byte[] Prefix(string version) =>
        Encoding.UTF8.GetBytes($"{{\"kind\":\"{Kind}\",\"apiVersion\":\"{ApiVersion(version)}\",\"metadata\":");
}
