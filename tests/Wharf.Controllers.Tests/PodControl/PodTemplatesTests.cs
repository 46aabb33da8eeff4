using System.Text;
using System.Text.Json.Nodes;
using Wharf.Client.Rest;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.PodControl;

public sealed class PodTemplatesTests
{
    private static readonly JsonObject ControllerRef = new()
    {
        ["apiVersion"] = "apps/v1", ["kind"] = "ReplicaSet", ["name"] = "web-5d8b9c7f4", ["uid"] = "u-1", ["controller"] = true, ["blockOwnerDeletion"] = true,
    };

    public static TheoryData<string> Templates => new()
    {
        """{"metadata":{"labels":{"app":"web","pod-template-hash":"5d8b9c7f4"}},"spec":{"containers":[{"name":"c","image":"nginx:1.27","resources":{"requests":{"cpu":"100m"}}}]}}""",
        """{"metadata":{"finalizers":["f/one"],"annotations":{"a":"caf\u00e9 <&> \"q\""},"labels":{"app":"web"},"name":"ignored","namespace":"ignored"},"spec":{"terminationGracePeriodSeconds":30.50,"nodeSelector":null}}""",
        """{"metadata":{"labels":{"app":"web"},"annotations":null},"spec":null}""",
        """{"metadata":{"labels":{"app":"web"}}}""",
        """{"spec":{"containers":[]}}""",
        """{}""",
    };

    /// <summary>What NewPod built before it was written straight from the template: its tree and that tree's bytes.</summary>
    private static JsonObject ReferencePod(string ownerName, JsonObject template, JsonObject controllerRef)
    {
        var templateMeta = template["metadata"] as JsonObject;
        var meta = new JsonObject { ["generateName"] = PodTemplates.GenerateNamePrefix(ownerName) };
        foreach (var field in new[] { "labels", "annotations", "finalizers" })
        {
            if (templateMeta?[field] is { } value) meta[field] = value.DeepClone();
        }
        meta["ownerReferences"] = new JsonArray(controllerRef.DeepClone());
        return new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Pod",
            ["metadata"] = meta,
            ["spec"] = template["spec"]?.DeepClone() ?? new JsonObject(),
        };
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void NewPodUtf8_IsTheBodyTheTreeWouldSend(string templateJson)
    {
        var template = JsonNode.Parse(templateJson)!.AsObject();
        var before = template.ToJsonString();
        var expected = JsonBody.Write(ReferencePod("web-5d8b9c7f4", template, ControllerRef), static (w, n) => n.WriteTo(w));

        var written = PodTemplates.NewPodUtf8("web-5d8b9c7f4", template, ControllerRef);

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(written));
        Assert.Equal(before, template.ToJsonString()); // the template is not touched
    }

    [Theory]
    [MemberData(nameof(Templates))]
    public void NewPod_IsTheSameTree(string templateJson)
    {
        var template = JsonNode.Parse(templateJson)!.AsObject();
        var before = template.ToJsonString();
        var pod = PodTemplates.NewPod(new string('x', 70), template, ControllerRef);
        Assert.True(JsonNode.DeepEquals(ReferencePod(new string('x', 70), template, ControllerRef), pod));
        // Its own nodes: changing the pod leaves the template alone.
        pod["spec"] = new JsonObject { ["changed"] = true };
        (pod["metadata"]!["labels"] as JsonObject)?.Add("more", "x");
        Assert.Equal(before, template.ToJsonString());
    }

    [Theory]
    [InlineData("""{"metadata":{"labels":{"app":"web"}}}""", true)]
    [InlineData("""{"metadata":{"labels":{}}}""", false)]
    [InlineData("""{"metadata":{"labels":null}}""", false)]
    [InlineData("""{"metadata":{}}""", false)]
    [InlineData("""{}""", false)]
    public void HasLabels_AsThePodWouldHave(string templateJson, bool expected)
    {
        var template = JsonNode.Parse(templateJson)!.AsObject();
        Assert.Equal(expected, PodTemplates.HasLabels(template));
        Assert.Equal(expected, ReferencePod("o", template, ControllerRef)["metadata"]?["labels"] is JsonObject { Count: > 0 });
    }
}
