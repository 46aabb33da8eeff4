using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Tests.CronJob;

namespace Wharf.Controllers.Tests.NodeLifecycle;

/// <summary>
/// An API server and one controller built directly (so tests choose its periods), on a <see cref="ShiftedTime"/>
/// clock: the controller's "now" jumps when the test moves <see cref="Time"/>, while its timers run in real time.
/// No kubelet: the test writes node and pod status itself.
/// </summary>
internal sealed class ControllerHarness : IAsyncDisposable
{
    public const string Namespace = "work";

    private readonly CancellationTokenSource _stop = new();
    private TestApiServer _server = null!;
    private EventRecorder _recorder = null!;
    private Task _run = Task.CompletedTask;

    public ApiClient Client { get; private set; } = null!;

    public ShiftedTime Time { get; } = new();

    public static async Task<ControllerHarness> StartAsync(Func<ControllerContext, IController> create)
    {
        var h = new ControllerHarness { _server = await TestApiServer.StartAsync() };
        h.Client = h._server.NewClient();
        await h.Client.CreateAsync(Resource.Namespaces, null, Objects.Namespace(Namespace), CancellationToken.None);
        h._recorder = new EventRecorder(h.Client, "test-controller-manager", time: h.Time);
        var informers = new SharedInformerFactory(h.Client);
        var controller = create(new ControllerContext(h.Client, informers, h._recorder, NullLoggerFactory.Instance, h.Time));
        informers.Start(h._stop.Token);
        h._run = Task.Run(() => controller.RunAsync(2, h._stop.Token));
        return h;
    }

    public async Task<JsonObject> CreateAsync(Resource resource, JsonObject obj) => await Client.CreateAsync(resource, null, obj, CancellationToken.None);

    /// <summary>Registers a node and then posts its status, as a kubelet does (status is not taken on create).</summary>
    public async Task<JsonObject> CreateNodeAsync(JsonObject node)
    {
        await CreateAsync(Resource.Nodes, node);
        return await SetNodeStatusAsync(node["metadata"]!["name"]!.GetValue<string>(), node["status"]!);
    }

    /// <summary>Posts a node's status on its latest version (the controller may have written the node meanwhile).</summary>
    public async Task<JsonObject> SetNodeStatusAsync(string name, JsonNode status)
    {
        for (var attempt = 0; ; attempt++)
        {
            var fresh = await GetAsync(Resource.Nodes, null, name);
            fresh["status"] = status.DeepClone();
            try
            {
                return await Client.UpdateStatusAsync(Resource.Nodes, fresh, CancellationToken.None);
            }
            catch (ApiException e) when (e.IsConflict && attempt < 20)
            {
            }
        }
    }

    public Task<JsonObject> GetAsync(Resource resource, string? ns, string name) => Client.GetAsync(resource, ns, name, CancellationToken.None);

    /// <summary>Sets a pod's status (phase and conditions) as a kubelet would.</summary>
    public async Task<JsonObject> SetPodStatusAsync(string name, string phase, bool ready)
    {
        var pod = await GetAsync(Resource.Pods, Namespace, name);
        pod["status"] = new JsonObject
        {
            ["phase"] = phase,
            ["conditions"] = new JsonArray(new JsonObject
            {
                ["type"] = "Ready",
                ["status"] = ready ? "True" : "False",
                ["lastTransitionTime"] = "2026-01-01T00:00:00Z",
            }),
        };
        return await Client.UpdateStatusAsync(Resource.Pods, pod, CancellationToken.None);
    }

    public async Task<List<JsonObject>> ListAsync(Resource resource, string? ns = Namespace)
    {
        var list = await Client.ListAsync(resource, ns, null, CancellationToken.None);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    /// <summary>Events with this reason about the named object (any namespace).</summary>
    public async Task<List<JsonObject>> EventsAsync(string reason, string involvedName) =>
        (await ListAsync(Resource.Events, null))
            .Where(e => e["reason"]?.GetValue<string>() == reason && e["involvedObject"]?["name"]?.GetValue<string>() == involvedName)
            .ToList();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        try
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(20));
        }
        catch (OperationCanceledException)
        {
        }
        await _recorder.DisposeAsync();
        Client.Dispose();
        await _server.DisposeAsync();
        _stop.Dispose();
    }
}
