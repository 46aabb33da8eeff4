using System.Buffers;
using System.Text.Json;

namespace Wharf.Bench.Api;

/// <summary>
/// The ConfigMap bodies the benchmark writes: one data key with a fixed-size payload, so every write (API and
/// etcd yardstick) moves the same number of bytes.
/// </summary>
internal static class ConfigMapJson
{
    public const int PayloadChars = 256;

    private static readonly string Payload = new('x', PayloadChars);

    public static byte[] Build(string ns, string name, string? resourceVersion, long generation)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("apiVersion", "v1");
            json.WriteString("kind", "ConfigMap");
            json.WriteStartObject("metadata");
            json.WriteString("name", name);
            json.WriteString("namespace", ns);
            if (resourceVersion is not null)
                json.WriteString("resourceVersion", resourceVersion);
            json.WriteEndObject();
            json.WriteStartObject("data");
            json.WriteString("generation", generation.ToString(System.Globalization.CultureInfo.InvariantCulture));
            json.WriteString("payload", Payload);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>metadata.resourceVersion of an object answer.</summary>
    public static string ReadResourceVersion(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("metadata").GetProperty("resourceVersion").GetString()
               ?? throw new InvalidDataException("answer has no metadata.resourceVersion");
    }
}
