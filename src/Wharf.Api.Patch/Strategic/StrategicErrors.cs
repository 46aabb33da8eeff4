using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.Strategic;

/// <summary>Upstream's (mergepatch) error texts and the status the API server gives each.</summary>
internal static class StrategicErrors
{
    public static PatchException BadJsonDocument() => PatchException.BadRequest("invalid JSON document");

    public static PatchException BadPrimitiveList() => PatchException.BadRequest("invalid patch format of primitive list");

    public static PatchException BadRetainKeys() => PatchException.BadRequest("invalid patch format of retainKeys");

    public static PatchException BadSetElementOrder() => PatchException.BadRequest("invalid patch format of setElementOrder list");

    public static PatchException ListOfLists() => new("lists of lists are not supported");

    public static PatchException NoMergeKey(JsonNode? map, string key) =>
        new($"map: {JsonNodes.Describe(map)} does not contain declared merge key: {key}");

    public static PatchException BadArgType(string expected, JsonNode? actual) =>
        new($"expected a {expected}, but received a {JsonNodes.GoTypeName(actual)}");

    public static PatchException BadPatchType(JsonNode? directive, JsonNode? map) =>
        new($"unknown patch type: {(directive is JsonValue v && v.TryGetValue<string>(out var s) ? s : JsonNodes.Describe(directive))} in map: {JsonNodes.Describe(map)}");

    public static PatchException Generic(string message) => new(message);
}
