using System.Text.Json.Nodes;
using Wharf.Client.Meta;
using Wharf.Controllers.StatefulSet;

namespace Wharf.Controllers.Tests.StatefulSet;

public sealed class StatefulPodsTests
{
    private static JsonObject Set(JsonObject? spec = null) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = "web", ["namespace"] = "work", ["uid"] = "u" },
        ["spec"] = spec ?? new JsonObject(),
    };

    private static JsonObject PodNamed(string name) => new() { ["metadata"] = new JsonObject { ["name"] = name } };

    [Theory]
    [InlineData("web-0", 0, true)]
    [InlineData("web-12", 12, true)]
    [InlineData("web-extra-3", 3, false)]
    [InlineData("web", -1, false)]
    [InlineData("web-x", -1, false)]
    public void Ordinal_AndMembership_ComeFromTheName(string name, int ordinal, bool member)
    {
        Assert.Equal(ordinal, StatefulPods.Ordinal(PodNamed(name)));
        Assert.Equal(member, StatefulPods.IsMemberOf(Set(), PodNamed(name)));
    }

    [Theory]
    [InlineData("unset is one", null, 10, 1)]
    [InlineData("a number", 3, 10, 3)]
    [InlineData("a percentage rounds down", "25%", 10, 2)]
    [InlineData("never below one", "5%", 10, 1)]
    public void MaxUnavailable_ScalesAgainstReplicas(string _, object? value, int replicas, int expected)
    {
        var rolling = new JsonObject();
        if (value is int n) rolling["maxUnavailable"] = n;
        if (value is string s) rolling["maxUnavailable"] = s;
        var set = Set(new JsonObject { ["replicas"] = replicas, ["updateStrategy"] = new JsonObject { ["type"] = "RollingUpdate", ["rollingUpdate"] = rolling } });

        Assert.Equal(expected, StatefulSetSpec.MaxUnavailable(set));
    }

    [Fact]
    public void New_ReplacesTemplateVolumesNamedLikeClaims_AndKeepsTheOthers()
    {
        var set = Set(new JsonObject
        {
            ["serviceName"] = "svc",
            ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
            ["volumeClaimTemplates"] = new JsonArray(new JsonObject { ["metadata"] = new JsonObject { ["name"] = "data", ["labels"] = new JsonObject { ["tier"] = "db" } } }),
        });
        var template = new JsonObject
        {
            ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
            ["spec"] = new JsonObject
            {
                ["volumes"] = new JsonArray(
                    new JsonObject { ["name"] = "data", ["emptyDir"] = new JsonObject() },
                    new JsonObject { ["name"] = "cache", ["emptyDir"] = new JsonObject() }),
            },
        };

        var pod = StatefulPods.New(set, template, 4, "web-abc", new JsonObject { ["uid"] = "u", ["controller"] = true });

        Assert.Equal("web-4", ObjectMeta.Name(pod));
        Assert.Null(pod["metadata"]!["generateName"]);
        Assert.Equal("web-abc", ObjectMeta.Label(pod, "controller-revision-hash"));
        var volumes = pod["spec"]!["volumes"]!.AsArray();
        Assert.Equal(["data", "cache"], volumes.Select(v => v!["name"]!.GetValue<string>()));
        Assert.Equal("data-web-4", volumes[0]!["persistentVolumeClaim"]!["claimName"]!.GetValue<string>());
        Assert.True(StatefulPods.StorageMatches(set, pod));
        Assert.True(StatefulPods.IdentityMatches(set, pod));
        var claim = StatefulPods.Claims(set, 4)["data"];
        Assert.Equal(new JsonObject { ["tier"] = "db", ["app"] = "web" }.ToJsonString(), claim["metadata"]!["labels"]!.ToJsonString());
    }
}
