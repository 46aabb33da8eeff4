using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.PodGc;
using Wharf.Controllers.Tests.NodeLifecycle;
using static Wharf.Controllers.Tests.NodeLifecycle.NodeObjects;

namespace Wharf.Controllers.Tests.PodGc;

public sealed class PodGcControllerTests
{
    private const string Ns = ControllerHarness.Namespace;

    private static async Task<List<string>> PodNamesAsync(ControllerHarness h) =>
        (await h.ListAsync(Resource.Pods)).Select(p => p["metadata"]!["name"]!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task TerminatedPodsOverTheThreshold_AreDeletedOldestFirst()
    {
        await using var h = await ControllerHarness.StartAsync(c => new PodGcController(c, threshold: 2, period: TimeSpan.FromMilliseconds(200)));
        await h.CreateAsync(Resource.Nodes, Node("n", conditions: ["Ready=True"]));
        foreach (var name in new[] { "done-1", "done-2", "done-3", "done-4" })
        {
            await h.CreateAsync(Resource.Pods, Pod(Ns, name, "n"));
            await h.SetPodStatusAsync(name, "Succeeded", ready: false);
        }
        await h.CreateAsync(Resource.Pods, Pod(Ns, "running", "n"));
        await h.SetPodStatusAsync("running", "Running", ready: true);

        await Eventually.HoldsAsync(async () => (await PodNamesAsync(h)).Count == 3, "two finished pods are collected");
        Assert.Equal(["done-3", "done-4", "running"], await PodNamesAsync(h));
    }

    [Fact]
    public async Task PodsOfADeletedNode_GoAfterTheQuarantine()
    {
        await using var h = await ControllerHarness.StartAsync(c =>
            new PodGcController(c, period: TimeSpan.FromMilliseconds(200), quarantine: TimeSpan.FromSeconds(40)));
        await h.CreateAsync(Resource.Nodes, Node("present", conditions: ["Ready=True"]));
        await h.CreateAsync(Resource.Pods, Pod(Ns, "kept", "present"));
        await h.CreateAsync(Resource.Pods, Pod(Ns, "orphan", "ghost"));
        await h.SetPodStatusAsync("orphan", "Running", ready: true);
        await Task.Delay(600);
        Assert.Equal(["kept", "orphan"], await PodNamesAsync(h));

        h.Time.Offset = TimeSpan.FromSeconds(41);

        await Eventually.HoldsAsync(async () => (await PodNamesAsync(h)).SequenceEqual(["kept"]), "the orphan is deleted");
    }
}
