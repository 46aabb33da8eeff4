using System.Text.Json.Nodes;

namespace Wharf.Api.Tables.Printing;

/// <summary>Builds cell values with the JSON types upstream emits (Go string, int64, bool).</summary>
internal static class Cell
{
    public static JsonNode Str(string value) => JsonValue.Create(value);

    public static JsonNode Int(long value) => JsonValue.Create(value);

    public static JsonNode Bool(bool value) => JsonValue.Create(value);

    public static JsonNode Num(double value) => JsonValue.Create(value);
}
