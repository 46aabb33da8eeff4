using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Tests.Support;

/// <summary>Terse JSON literals for test objects (single quotes stand for double quotes).</summary>
internal static class Json
{
    public static JsonObject Obj(string json) => JsonNode.Parse(json.Replace('\'', '"'))!.AsObject();

    public static JsonObject? Labels(string json) => json == "null" ? null : Obj(json);
}
