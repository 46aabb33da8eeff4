using System.Text.Json.Nodes;

namespace Wharf.Api.Patch.Tests.Fuzz;

/// <summary>Random JSON biased towards Kubernetes-shaped keys and patch directives so the engines' branches get hit.</summary>
internal sealed class RandomJson(int seed)
{
    private static readonly string[] Keys =
    [
        "metadata", "spec", "template", "containers", "name", "image", "ports", "containerPort", "protocol", "env",
        "value", "labels", "annotations", "finalizers", "volumes", "emptyDir", "hostPath", "strategy", "type",
        "rollingUpdate", "replicas", "args", "taints", "key", "effect", "unschedulable", "ephemeralContainers",
        "$patch", "$retainKeys", "$setElementOrder/containers", "$setElementOrder/finalizers",
        "$deleteFromPrimitiveList/finalizers", "$setElementOrder", "~1", "a/b", "",
    ];

    private static readonly string[] Words = ["a", "b", "c1", "c2", "replace", "delete", "merge", "TCP", "", "x/y", "~0"];

    private readonly Random _random = new(seed);

    public Random Random => _random;

    public JsonNode? Value(int depth)
    {
        var roll = _random.Next(depth <= 0 ? 5 : 9);
        return roll switch
        {
            0 => null,
            1 => JsonValue.Create(_random.Next(-2, 100)),
            2 => JsonValue.Create(Words[_random.Next(Words.Length)]),
            3 => JsonValue.Create(_random.Next(2) == 0),
            4 => JsonValue.Create(_random.NextDouble() * 10),
            5 or 6 => Object(depth - 1),
            _ => Array(depth - 1),
        };
    }

    public JsonObject Object(int depth)
    {
        var obj = new JsonObject();
        var count = _random.Next(5);
        for (var i = 0; i < count; i++)
        {
            obj[Key()] = Value(depth);
        }

        return obj;
    }

    public JsonArray Array(int depth)
    {
        var arr = new JsonArray();
        var count = _random.Next(4);
        var keyed = _random.Next(3) == 0;
        for (var i = 0; i < count; i++)
        {
            arr.Add(keyed ? new JsonObject { ["name"] = Words[_random.Next(Words.Length)], ["image"] = Value(0) } : Value(depth));
        }

        return arr;
    }

    public string Key() => Keys[_random.Next(Keys.Length)];

    public string Pointer()
    {
        var parts = new List<string>();
        var length = _random.Next(4);
        for (var i = 0; i < length; i++)
        {
            parts.Add(_random.Next(4) == 0 ? _random.Next(-2, 4).ToString(System.Globalization.CultureInfo.InvariantCulture) : _random.Next(8) == 0 ? "-" : Key().Replace("~", "~0").Replace("/", "~1"));
        }

        return _random.Next(10) == 0 ? "bad" : string.Concat(parts.Select(p => "/" + p));
    }

    public JsonArray JsonPatch()
    {
        string[] ops = ["add", "remove", "replace", "move", "copy", "test", "bogus"];
        var patch = new JsonArray();
        var count = _random.Next(5);
        for (var i = 0; i < count; i++)
        {
            var op = new JsonObject { ["op"] = ops[_random.Next(ops.Length)], ["path"] = Pointer() };
            if (_random.Next(2) == 0)
            {
                op["from"] = Pointer();
            }

            if (_random.Next(4) != 0)
            {
                op["value"] = Value(2);
            }

            patch.Add(op);
        }

        return patch;
    }

    /// <summary>The JSON text of a node cut at a random point (often invalid JSON).</summary>
    public string Truncated(JsonNode? node)
    {
        var text = node?.ToJsonString() ?? "null";
        return text[.._random.Next(text.Length + 1)];
    }
}
