using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Patch.Json;

namespace Wharf.Api.Patch.JsonPatch;

/// <summary>One decoded RFC 6902 operation and its application to a document tree it may mutate.</summary>
internal sealed class JsonPatchOperation
{
    private const string MissingValue = "missing value";
    private const string InvalidIndex = "invalid index referenced";

    private JsonPatchOperation(string kind, string? path, string? from, bool hasValue, JsonNode? value)
    {
        Kind = kind;
        Path = path;
        From = from;
        HasValue = hasValue;
        Value = value;
    }

    public string Kind { get; }

    public string? Path { get; }

    public string? From { get; }

    public bool HasValue { get; }

    public JsonNode? Value { get; }

    public static JsonNode? Apply(JsonNode? root, JsonPatchOperation op) => op.Kind switch
    {
        "add" => op.Add(root),
        "remove" => op.Remove(root),
        "replace" => op.Replace(root),
        "move" => op.Move(root),
        "copy" => op.Copy(root),
        "test" => op.Test(root),
        _ => throw Fail($"Unexpected kind: {op.Kind}"),
    };

    public static JsonPatchOperation Decode(JsonNode? item)
    {
        if (item is not JsonObject obj)
        {
            throw PatchException.BadRequest(
                $"json: cannot unmarshal {JsonNodes.KindOf(item).ToString().ToLowerInvariant()} into Go value of type jsonpatch.Operation");
        }

        var kind = ReadString(obj, "op") ?? "unknown";
        var path = ReadString(obj, "path");
        var from = ReadString(obj, "from");
        var hasValue = obj.TryGetPropertyValue("value", out var value);
        return new JsonPatchOperation(kind, path, from, hasValue, JsonNodes.Clone(value));
    }

    private static string? ReadString(JsonObject obj, string name)
    {
        if (!obj.TryGetPropertyValue(name, out var node) || node is null)
        {
            return null;
        }

        if (JsonNodes.KindOf(node) != JsonValueKind.String)
        {
            throw PatchException.BadRequest($"json: cannot unmarshal {JsonNodes.KindOf(node).ToString().ToLowerInvariant()} into Go value of type string");
        }

        return node.GetValue<string>();
    }

    private static PatchException Fail(string message) => new(message, PatchFailure.Unprocessable);

    private string RequirePath(string verb) =>
        Path ?? throw Fail($"{verb} operation failed to decode path: {MissingValue}");

    private JsonNode? NewValue() => JsonNodes.Clone(Value);

    private JsonNode? Add(JsonNode? root)
    {
        var path = RequirePath("add");
        var (container, key) = Locate(root, path)
            ?? throw Fail($"add operation does not apply: doc is missing path: \"{path}\": {MissingValue}");
        AddAt(container, key, NewValue(), () => $"error in add for path: '{path}'");
        return root;
    }

    private JsonNode? Remove(JsonNode? root)
    {
        var path = RequirePath("remove");
        var (container, key) = Locate(root, path)
            ?? throw Fail($"remove operation does not apply: doc is missing path: \"{path}\": {MissingValue}");
        RemoveAt(container, key, $"error in remove for path: '{path}'");
        return root;
    }

    private JsonNode? Replace(JsonNode? root)
    {
        var path = RequirePath("replace");
        if (path.Length == 0)
        {
            return Value is JsonObject or JsonArray
                ? NewValue()
                : throw Fail("replace operation value must be object or array");
        }

        var (container, key) = Locate(root, path)
            ?? throw Fail($"replace operation does not apply: doc is missing path: {path}: {MissingValue}");
        if (container is JsonArray array)
        {
            var index = ExistingIndex(array, key)
                ?? throw Fail($"replace operation does not apply: doc is missing key: {path}: {MissingValue}");
            array[index] = NewValue();
        }
        else
        {
            // Upstream quirk kept on purpose: replacing a missing object member adds it.
            ((JsonObject)container)[key] = NewValue();
        }

        return root;
    }

    private JsonNode? Move(JsonNode? root)
    {
        var from = From ?? throw Fail($"move operation failed to decode from: {MissingValue}");
        var (source, sourceKey) = Locate(root, from)
            ?? throw Fail($"move operation does not apply: doc is missing from path: {from}: {MissingValue}");
        var value = Get(source, sourceKey, $"error in move for path: '{sourceKey}'");
        RemoveAt(source, sourceKey, $"error in move for path: '{sourceKey}'");
        var path = Path ?? throw Fail($"move operation failed to decode path: {MissingValue}");
        var (target, key) = Locate(root, path)
            ?? throw Fail($"move operation does not apply: doc is missing destination path: {path}: {MissingValue}");
        AddAt(target, key, value, () => $"error in move for path: '{path}'");
        return root;
    }

    private JsonNode? Copy(JsonNode? root)
    {
        var from = From ?? throw Fail($"copy operation failed to decode from: {MissingValue}");
        var (source, sourceKey) = Locate(root, from)
            ?? throw Fail($"copy operation does not apply: doc is missing from path: {from}: {MissingValue}");
        if (source is JsonObject sourceObject && !sourceObject.ContainsKey(sourceKey))
        {
            throw Fail($"copy operation does not apply: doc is missing from path: {from}: {MissingValue}");
        }

        var value = JsonNodes.Clone(Get(source, sourceKey, $"error in copy for from: '{from}'"));
        var path = Path ?? throw Fail($"copy operation failed to decode path: {MissingValue}");
        var (target, key) = Locate(root, path)
            ?? throw Fail($"copy operation does not apply: doc is missing destination path: {path}: {MissingValue}");
        AddAt(target, key, value, () => "error while adding value during copy");
        return root;
    }

    private JsonNode? Test(JsonNode? root)
    {
        var path = Path ?? throw Fail($"test operation failed to decode path: {MissingValue}");
        var failed = Fail($"testing value {path} failed: test failed");
        if (path.Length == 0)
        {
            return JsonNodes.DeepEquals(root, Value) ? root : throw failed;
        }

        var (container, key) = Locate(root, path)
            ?? throw Fail($"test operation does not apply: is missing path: {path}: {MissingValue}");
        var present = container is JsonArray || ((JsonObject)container).ContainsKey(key);
        var actual = Get(container, key, $"error in test for path: '{path}'");
        if (!present || actual is null)
        {
            // Upstream treats a missing member like null: the test passes when the expected value is absent or null.
            return Value is null ? root : throw failed;
        }

        return JsonNodes.DeepEquals(actual, Value) ? root : throw failed;
    }

    /// <summary>Walks to the parent of the last token, like upstream's findObject; null when any step is missing.</summary>
    private static (JsonNode Container, string Key)? Locate(JsonNode? root, string path)
    {
        var tokens = JsonPointer.Parse(path);
        if (tokens is null || root is not (JsonObject or JsonArray))
        {
            return null;
        }

        var current = root;
        for (var i = 0; i < tokens.Length - 1; i++)
        {
            JsonNode? next;
            switch (current)
            {
                case JsonObject obj:
                    obj.TryGetPropertyValue(tokens[i], out next);
                    break;
                case JsonArray arr:
                    var index = ExistingIndex(arr, tokens[i]);
                    next = index is null ? null : arr[index.Value];
                    break;
                default:
                    return null;
            }

            if (next is not (JsonObject or JsonArray))
            {
                return null;
            }

            current = next;
        }

        return (current, tokens[^1]);
    }

    private static int? ParseIndex(string key) =>
        int.TryParse(key, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index) ? index : null;

    private static int? ExistingIndex(JsonArray array, string key)
    {
        var index = ParseIndex(key);
        if (index is null)
        {
            return null;
        }

        var i = index.Value;
        if (i < 0)
        {
            i += array.Count;
        }

        return i >= 0 && i < array.Count ? i : null;
    }

    private static JsonNode? Get(JsonNode container, string key, string context)
    {
        if (container is JsonObject obj)
        {
            return obj.TryGetPropertyValue(key, out var value) ? value : null;
        }

        var array = (JsonArray)container;
        var index = ExistingIndex(array, key)
            ?? throw Fail($"{context}: Unable to access invalid index: {key}: {InvalidIndex}");
        return array[index];
    }

    private static void AddAt(JsonNode container, string key, JsonNode? value, Func<string> context)
    {
        if (container is JsonObject obj)
        {
            obj[key] = Detach(value);
            return;
        }

        var array = (JsonArray)container;
        if (key == "-")
        {
            array.Add(Detach(value));
            return;
        }

        var index = ParseIndex(key)
            ?? throw Fail($"{context()}: value was not a proper array index: '{key}': strconv.Atoi: parsing \"{key}\": invalid syntax");
        var i = index;
        if (i < 0)
        {
            i += array.Count + 1;
        }

        if (i < 0 || i > array.Count)
        {
            throw Fail($"{context()}: Unable to access invalid index: {index}: {InvalidIndex}");
        }

        array.Insert(i, Detach(value));
    }

    private static void RemoveAt(JsonNode container, string key, string context)
    {
        if (container is JsonObject obj)
        {
            if (!obj.Remove(key))
            {
                throw Fail($"{context}: Unable to remove nonexistent key: {key}: {MissingValue}");
            }

            return;
        }

        var array = (JsonArray)container;
        var index = ExistingIndex(array, key)
            ?? throw Fail($"{context}: Unable to access invalid index: {key}: {InvalidIndex}");
        array.RemoveAt(index);
    }

    // A node moved between parents must be unparented first; cloning is the simplest safe detach.
    private static JsonNode? Detach(JsonNode? value) => value?.Parent is null ? value : value.DeepClone();
}
