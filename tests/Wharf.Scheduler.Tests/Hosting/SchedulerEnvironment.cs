using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Scheduler.Hosting;
using Wharf.Scheduler.Tests.Hollow;

namespace Wharf.Scheduler.Tests.Hosting;

/// <summary>An in-process API server, hollow nodes, a test namespace and helpers to start schedulers against it.</summary>
internal sealed class SchedulerEnvironment : IAsyncDisposable
{
    public const string Namespace = "sched-test";
    private readonly List<(CancellationTokenSource Stop, Task Run)> _schedulers = [];

    private SchedulerEnvironment(TestApiServer server, ApiClient client)
    {
        Server = server;
        Client = client;
        Nodes = new HollowNodes(client);
    }

    public TestApiServer Server { get; }
    public ApiClient Client { get; }
    public HollowNodes Nodes { get; }

    public static async Task<SchedulerEnvironment> StartAsync()
    {
        var server = await TestApiServer.StartAsync();
        var client = server.NewClient();
        await client.CreateAsync(Resource.Namespaces, null, new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Namespace",
            ["metadata"] = new JsonObject { ["name"] = Namespace },
        }, CancellationToken.None);
        return new SchedulerEnvironment(server, client);
    }

    /// <summary>Starts a scheduler host (leader election off unless the options say otherwise) and returns it.</summary>
    public SchedulerHost StartScheduler(SchedulerHostOptions? options = null)
    {
        var host = new SchedulerHost(Server.NewClient(), options ?? new SchedulerHostOptions { LeaderElect = false });
        var stop = new CancellationTokenSource();
        _schedulers.Add((stop, host.RunAsync(stop.Token)));
        return host;
    }

    /// <summary>Stops one scheduler started here and waits for it to finish.</summary>
    public async Task StopSchedulerAsync(int index)
    {
        var (stop, run) = _schedulers[index];
        await stop.CancelAsync();
        await run;
    }

    public Task<JsonObject> CreatePodAsync(JsonObject pod) => Client.CreateAsync(Resource.Pods, Namespace, pod, CancellationToken.None);

    public Task<JsonObject> GetPodAsync(string name) => Client.GetAsync(Resource.Pods, Namespace, name, CancellationToken.None);

    public async Task<JsonObject> WaitForPodAsync(string name, Func<JsonObject, bool> condition, string description, TimeSpan? timeout = null)
    {
        JsonObject? last = null;
        await Eventually.HoldsAsync(async () => condition(last = await GetPodAsync(name)), $"{name}: {description}", timeout);
        return last!;
    }

    public async Task<string> WaitForBindingAsync(string name, TimeSpan? timeout = null) =>
        ApiPods.NodeName(await WaitForPodAsync(name, p => ApiPods.NodeName(p) is not null, "bound to a node", timeout))!;

    /// <summary>Events in the test namespace about <paramref name="pod"/>.</summary>
    public async Task<IReadOnlyList<JsonObject>> EventsForAsync(string pod)
    {
        var list = await Client.ListAsync(Resource.Events, Namespace, null, CancellationToken.None);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(e => e["involvedObject"]?["name"]?.GetValue<string>() == pod).ToList();
    }

    public async Task<JsonObject> WaitForEventAsync(string pod, string reason, TimeSpan? timeout = null)
    {
        JsonObject? found = null;
        await Eventually.HoldsAsync(async () =>
        {
            found = (await EventsForAsync(pod)).FirstOrDefault(e => e["reason"]?.GetValue<string>() == reason);
            return found is not null;
        }, $"event {reason} about {pod}", timeout);
        return found!;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (stop, run) in _schedulers)
        {
            await stop.CancelAsync();
            try { await run; } catch (OperationCanceledException) { }
            stop.Dispose();
        }
        await Nodes.DisposeAsync();
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
