using System.Globalization;
using System.Text.Json.Nodes;
using k8s;

namespace Wharf.Node.Agent;

/// <summary>Small JSON helpers shared by the agent: wire timestamps and typed-model round trips.</summary>
internal static class Json
{
    public static string? Str(this JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>metav1.Time as written on the wire (seconds).</summary>
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>metav1.MicroTime (Lease renewTime).</summary>
    public static string MicroTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static T To<T>(JsonObject obj) => KubernetesJson.Deserialize<T>(obj.ToJsonString());

    public static JsonNode From(object model) => JsonNode.Parse(KubernetesJson.Serialize(model))!;
}
