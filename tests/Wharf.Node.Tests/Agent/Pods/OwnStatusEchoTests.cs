using System.Text.Json.Nodes;
using Wharf.Node.Agent.Pods;

namespace Wharf.Node.Tests.Agent.Pods;

public sealed class OwnStatusEchoTests
{
    private static readonly JsonObject Posted = JsonNode.Parse("""{"phase":"Running","podIP":"10.0.0.5","conditions":[{"type":"Ready","status":"True"}]}""")!.AsObject();

    private static JsonObject Synced() => JsonNode.Parse("""
        {"metadata":{"name":"p","uid":"u1","resourceVersion":"10","labels":{"app":"web"}},
         "spec":{"nodeName":"n1","containers":[{"name":"main","image":"busybox"}]},
         "status":{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"True"}],"qosClass":"BestEffort"}}
        """)!.AsObject();

    /// <summary>The synced pod as the watch brings it back after the worker's status post.</summary>
    private static JsonObject Echo()
    {
        var pod = Synced();
        pod["metadata"]!["resourceVersion"] = "11";
        pod["metadata"]!["managedFields"] = new JsonArray(new JsonObject { ["manager"] = "kubelet" });
        var status = pod["status"]!.AsObject();
        foreach (var (name, value) in Posted)
            status[name] = value?.DeepClone();
        return pod;
    }

    [Fact]
    public void The_worker_s_own_status_coming_back_is_an_echo() => Assert.True(OwnStatusEcho.Is(Synced(), Echo(), Posted));

    [Theory]
    [InlineData("label changed")]
    [InlineData("deletion started")]
    [InlineData("spec changed")]
    [InlineData("foreign condition")]
    [InlineData("status field the worker did not post changed")]
    [InlineData("nothing posted yet")]
    public void Any_other_change_is_a_real_update(string change)
    {
        var current = Echo();
        var posted = Posted;
        switch (change)
        {
            case "label changed":
                current["metadata"]!["labels"]!["app"] = "db";
                break;
            case "deletion started":
                current["metadata"]!["deletionTimestamp"] = "2026-11-26T08:00:00Z";
                break;
            case "spec changed":
                current["spec"]!["activeDeadlineSeconds"] = 5;
                break;
            case "foreign condition":
                current["status"]!["conditions"]!.AsArray().Add(new JsonObject { ["type"] = "DisruptionTarget", ["status"] = "True" });
                break;
            case "status field the worker did not post changed":
                current["status"]!["qosClass"] = "Burstable";
                break;
            case "nothing posted yet":
                posted = null!;
                break;
        }

        Assert.False(OwnStatusEcho.Is(Synced(), current, posted));
    }
}
