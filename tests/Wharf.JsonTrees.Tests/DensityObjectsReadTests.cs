using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.JsonTrees.Tests;

/// <summary>
/// The reader on the objects it reads most (a density run's pods, ReplicaSets and Deployments): the same tree as
/// JsonNode.Parse, read cold and again with every name and value it pools already seen.
/// </summary>
public sealed class DensityObjectsReadTests
{
    [Theory]
    [MemberData(nameof(DensityObjects.Names), MemberType = typeof(DensityObjects))]
    public void Parse_DensityObject_IsJsonNodeParse(string name)
    {
        var utf8 = DensityObjects.Read(name);
        var parsed = JsonNode.Parse(utf8)!;

        for (var pass = 0; pass < 2; pass++)
        {
            var read = JsonTreeReader.Parse(utf8)!;

            AssertSameTree(parsed, read);
        }
    }

    [Theory]
    [MemberData(nameof(DensityObjects.Names), MemberType = typeof(DensityObjects))]
    public void ReadObject_WithoutManagedFields_IsJsonNodeParseWithoutThem(string name)
    {
        var utf8 = DensityObjects.Read(name);
        var parsed = JsonNode.Parse(utf8)!.AsObject();
        Assert.True(parsed["metadata"]!.AsObject().Remove("managedFields"), "the fixture has managedFields to skip");
        var reader = new JsonTreeReader(new JsonNamePool(), skipManagedFields: true);

        for (var pass = 0; pass < 2; pass++)
        {
            var json = new Utf8JsonReader(utf8);
            json.Read();
            var read = reader.ReadObject(ref json);

            AssertSameTree(parsed, read);
        }
    }

    private static void AssertSameTree(JsonNode parsed, JsonNode read)
    {
        Assert.True(JsonNode.DeepEquals(parsed, read));
        Assert.Equal(parsed.ToJsonString(), read.ToJsonString());
        Assert.Equal(Shape(parsed), Shape(read));
    }

    /// <summary>Every node's path, kind and parent, in document order.</summary>
    private static List<string> Shape(JsonNode root)
    {
        var shape = new List<string>();
        Walk(root);
        return shape;

        void Walk(JsonNode? node)
        {
            if (node is null) return;
            shape.Add($"{node.GetPath()} {node.GetValueKind()} {ReferenceEquals(node.Root, root)}");
            var children = node switch
            {
                JsonObject o => o.Select(p => p.Value),
                JsonArray a => a,
                _ => [],
            };
            foreach (var child in children) Walk(child);
        }
    }
}
