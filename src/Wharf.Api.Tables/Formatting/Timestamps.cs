using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Formatting;

/// <summary>Reads RFC 3339 timestamps from JSON and prints ages as upstream's translateTimestampSince.</summary>
internal static class Timestamps
{
    /// <summary>The parsed timestamp, or null when missing, empty, unparsable or Go's zero time.</summary>
    public static DateTimeOffset? Read(JsonNode? node, params string[] path)
    {
        var s = node.StrOrNull(path);
        if (string.IsNullOrEmpty(s) || !DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t))
        {
            return null;
        }

        return t.Year <= 1 ? null : t;
    }

    /// <summary>Age of the timestamp at <paramref name="path"/>, <c>&lt;unknown&gt;</c> when unset.</summary>
    public static string Since(JsonNode? node, DateTimeOffset now, params string[] path) => Since(Read(node, path), now);

    public static string Since(DateTimeOffset? t, DateTimeOffset now) =>
        t is { } v ? HumanDuration.Format(now - v) : "<unknown>";

    /// <summary>The object's age from <c>metadata.creationTimestamp</c>.</summary>
    public static string Age(JsonObject obj, DateTimeOffset now) => Since(obj, now, "metadata", "creationTimestamp");
}
