using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Scheduler.Hosting;
using Wharf.Scheduler.Tests.Hollow;
using k8s.Models;

namespace Wharf.Scheduler.Tests.Hosting;

/// <summary>
/// pods/binding on the real API server, as the scheduler uses it: it sets spec.nodeName and PodScheduled=True and,
/// like upstream's storage-level update, leaves managedFields alone; the Binding's uid is a precondition.
/// </summary>
public class BindingSubresourceTests
{
    private const string Ns = SchedulerEnvironment.Namespace;

    private static Task<JsonObject> BindAsync(SchedulerEnvironment env, string pod, string node, string? uid) =>
        env.Client.CreateAsync(Resource.Pods with { Plural = $"pods/{pod}/binding" }, Ns, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Binding",
            ["metadata"] = new JsonObject { ["name"] = pod, ["uid"] = uid },
            ["target"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node },
        }, CancellationToken.None);

    [Fact]
    public async Task Binding_SetsNodeAndCondition_WithoutAManagedFieldsEntry()
    {
        await using var env = await SchedulerEnvironment.StartAsync();
        var created = await env.CreatePodAsync(ApiPods.Pod(Ns, "p", cpu: "100m"));
        var uid = created["metadata"]!["uid"]!.GetValue<string>();

        await BindAsync(env, "p", "node-a", uid);

        var bound = await env.GetPodAsync("p");
        Assert.Equal("node-a", bound["spec"]!["nodeName"]!.GetValue<string>());
        var scheduled = bound["status"]!["conditions"]!.AsArray().Single(c => c!["type"]!.GetValue<string>() == "PodScheduled")!;
        Assert.Equal("True", scheduled["status"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(created["metadata"]!["managedFields"], bound["metadata"]!["managedFields"]),
            bound["metadata"]!["managedFields"]?.ToJsonString());
    }

    [Theory]
    [InlineData("another pod's uid", "not-the-uid", true)]
    [InlineData("no uid: no precondition", null, false)]
    public async Task Binding_UidIsAPrecondition(string because, string? uid, bool conflict)
    {
        await using var env = await SchedulerEnvironment.StartAsync();
        await env.CreatePodAsync(ApiPods.Pod(Ns, "p", cpu: "100m"));

        var error = await Record.ExceptionAsync(() => BindAsync(env, "p", "node-a", uid));

        Assert.True(conflict == (error is ApiException { IsConflict: true }), $"{because}: {error}");
        var pod = await env.GetPodAsync("p");
        Assert.Equal(conflict ? null : "node-a", pod["spec"]?["nodeName"]?.GetValue<string>());
    }

    [Fact]
    public async Task TheSchedulersBind_BindsThePod_AndAStaleUidThrowsTheConflict()
    {
        await using var env = await SchedulerEnvironment.StartAsync();
        var created = await env.CreatePodAsync(ApiPods.Pod(Ns, "p", cpu: "100m"));
        await env.CreatePodAsync(ApiPods.Pod(Ns, "q", cpu: "100m"));
        var cluster = new ApiSchedulerCluster(env.Client);
        var pod = ModelJson.ToModel<V1Pod>(created);

        await cluster.BindAsync(pod, "node-a", CancellationToken.None);
        var stale = ModelJson.ToModel<V1Pod>(created);
        stale.Metadata.Name = "q";
        var error = await Record.ExceptionAsync(() => cluster.BindAsync(stale, "node-a", CancellationToken.None));

        Assert.Equal("node-a", ApiPods.NodeName(await env.GetPodAsync("p")));
        Assert.True(error is ApiException { IsConflict: true }, error?.ToString());
        Assert.Null(ApiPods.NodeName(await env.GetPodAsync("q")));
    }

    [Theory]
    [InlineData("uid-1")]
    [InlineData(null)]
    public void TheSchedulersBindingBody_IsTheBindingAsATreeWouldWriteIt(string? uid)
    {
        var meta = new V1ObjectMeta { Name = "p", NamespaceProperty = Ns, Uid = uid };
        var tree = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Binding",
            ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = Ns, ["uid"] = uid },
            ["target"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = "node-ä" },
        };

        var body = JsonBody.Write((meta, "node-ä"), ApiSchedulerCluster.WriteBinding);

        Assert.Equal(tree.ToJsonString(), System.Text.Encoding.UTF8.GetString(body));
    }
}
