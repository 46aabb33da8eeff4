using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Controllers.DaemonSet;

/// <summary>Reads integers from JSON whether parsed off the wire or built in memory as another numeric type.</summary>
internal static class JsonNumbers
{
    public static long? Long(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.Number && long.TryParse(v.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
