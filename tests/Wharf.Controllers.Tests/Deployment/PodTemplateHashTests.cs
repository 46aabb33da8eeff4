using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Controllers.Deployment;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.Deployment;

public sealed class PodTemplateHashTests
{
    public static TheoryData<string> Documents => new()
    {
        """{"spec":{"containers":[{"name":"c","image":"nginx"}]},"metadata":{"labels":{"b":"2","a":"1","A":"0","_":"u"}}}""",
        """{"z":null,"y":[1,2.50,-0,1e3,true,false,null,"s",[],{}],"x":{"nested":{"d":"4","c":"3"}}}""",
        """{"esc":"caf\u00e9 <&> \"q\" \\ \n \u0001 +","n\u00e4me":"v","\u00e9":1,"e":2,"+":3}""",
        """{"emoji":"\ud83d\ude00","\ud83d\ude00":"k"}""",
        """[3,{"b":1,"a":2}]""",
        "\"text\"",
        "12.0",
        "null",
    };

    /// <summary>The canonical text as it was written before, name by name and value by value through strings.</summary>
    private static string Reference(JsonNode? node)
    {
        var sb = new StringBuilder();
        Write(node, sb);
        return sb.ToString();

        static void Write(JsonNode? node, StringBuilder sb)
        {
            switch (node)
            {
                case JsonObject o:
                    sb.Append('{');
                    var first = true;
                    foreach (var (k, v) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                    {
                        if (!first) sb.Append(',');
                        first = false;
                        sb.Append(JsonSerializer.Serialize(k)).Append(':');
                        Write(v, sb);
                    }
                    sb.Append('}');
                    break;
                case JsonArray a:
                    sb.Append('[');
                    for (var i = 0; i < a.Count; i++)
                    {
                        if (i > 0) sb.Append(',');
                        Write(a[i], sb);
                    }
                    sb.Append(']');
                    break;
                case null:
                    sb.Append("null");
                    break;
                default:
                    sb.Append(node.ToJsonString());
                    break;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Documents))]
    public void Canonical_IsTheTextItWas(string json)
    {
        var node = JsonNode.Parse(json);
        Assert.Equal(Reference(node), PodTemplateHash.Canonical(node));
        Assert.Equal(Encoding.UTF8.GetBytes(Reference(node)), PodTemplateHash.CanonicalUtf8(node));
    }

    [Fact]
    public void Canonical_OfBuiltValues_IsTheTextItWas()
    {
        var node = new JsonObject { ["b"] = 1.5, ["a"] = new JsonArray("x", 2L, null, true), ["c"] = "caf\u00e9 \"", ["d"] = new JsonObject() };
        Assert.Equal(Reference(node), PodTemplateHash.Canonical(node));
    }

    [Fact]
    public void Compute_IsUpstreamsHashOfTheCanonicalText()
    {
        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx:1.27" }] },
        };
        foreach (int? collisions in new int?[] { null, 0, 1, 300 })
        {
            var hash = 2166136261u;
            foreach (var b in Encoding.UTF8.GetBytes(Reference(ModelJson.ToNode(template)))) hash = unchecked((hash ^ b) * 16777619u);
            if (collisions is { } c)
            {
                for (var i = 0; i < 4; i++) hash = unchecked((hash ^ (byte)((uint)c >> (8 * i))) * 16777619u);
            }
            Assert.Equal(PodTemplateHash.SafeEncode(hash.ToString(System.Globalization.CultureInfo.InvariantCulture)), PodTemplateHash.Compute(template, collisions));
        }
    }

    private const string Odd = "caf\u00e9 <&> +'\"\\ \u2028 \U0001F600";

    public static TheoryData<string, V1PodTemplateSpec?> Templates => new()
    {
        { "no template", null },
        { "no metadata", new V1PodTemplateSpec { Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] } } },
        { "labels with the hash", Template(new() { ["app"] = "web", [PodTemplateHash.Label] = "abc", ["z"] = Odd }) },
        { "only the hash label", Template(new() { [PodTemplateHash.Label] = "abc" }) },
        { "empty labels", Template(new()) },
        { "no labels", Template(null) },
        { "odd strings and numbers", Template(new() { ["a\u00e9"] = Odd, ["B"] = "1" }, args: [Odd, "1e3", ""], grace: 0) },
    };

    private static V1PodTemplateSpec Template(Dictionary<string, string>? labels, IList<string>? args = null, long? grace = 30) => new()
    {
        Metadata = new V1ObjectMeta { Labels = labels, Annotations = new Dictionary<string, string> { ["note"] = Odd } },
        Spec = new V1PodSpec
        {
            Containers = [new V1Container
            {
                Name = "c", Image = "nginx", Args = args,
                Resources = new V1ResourceRequirements { Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m"), ["memory"] = new("16Mi") } },
                Ports = [new V1ContainerPort { ContainerPort = 80 }],
            }],
            TerminationGracePeriodSeconds = grace,
            NodeSelector = new Dictionary<string, string>(),
        },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void CanonicalOfTheModel_IsTheCanonicalTextOfItsTree(string name, V1PodTemplateSpec? template)
    {
        _ = name;
        Assert.Equal(Encoding.UTF8.GetString(PodTemplateHash.CanonicalUtf8(ModelJson.ToNode(template))), Encoding.UTF8.GetString(PodTemplateHash.CanonicalUtf8Of(template)));
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void TemplateKey_IsTheCanonicalTextOfTheTreeWithoutTheHashLabel(string name, V1PodTemplateSpec? template)
    {
        _ = name;
        // As the key was computed before: the tree of the model, the hash label removed, and labels with it when none were left.
        var node = ModelJson.ToNode(template) as JsonObject;
        if (node?["metadata"]?["labels"] is JsonObject labels)
        {
            labels.Remove(PodTemplateHash.Label);
            if (labels.Count == 0) ((JsonObject)node["metadata"]!).Remove("labels");
        }

        Assert.Equal(PodTemplateHash.Canonical(node), RolloutMath.TemplateKey(template));
    }
}
