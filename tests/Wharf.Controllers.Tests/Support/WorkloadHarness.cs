using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Manager;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.Support;

/// <summary>An API server, the named controllers, a fresh namespace and a hollow kubelet for it.</summary>
internal sealed class WorkloadHarness : IAsyncDisposable
{
    private TestApiServer _server = null!;
    private ManagerHarness _manager = null!;

    public const string Namespace = "work";

    public ApiClient Client { get; private set; } = null!;

    public HollowKubelet Kubelet { get; private set; } = null!;

    public static async Task<WorkloadHarness> StartAsync(params string[] controllers)
    {
        var h = new WorkloadHarness { _server = await TestApiServer.StartAsync() };
        h.Client = h._server.NewClient();
        await h.Client.CreateAsync(Resource.Namespaces, null, Objects.Namespace(Namespace), CancellationToken.None);
        h._manager = new ManagerHarness(h._server, new ControllerManagerOptions { LeaderElect = false, Controllers = controllers });
        h.Kubelet = new HollowKubelet(h.Client, Namespace);
        return h;
    }

    public async Task<List<JsonObject>> PodsAsync(Func<JsonObject, bool>? where = null)
    {
        var list = await Client.ListAsync(Resource.Pods, Namespace, null, CancellationToken.None);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>().Where(where ?? (_ => true)).ToList();
    }

    /// <summary>Pods whose controller is the object with this uid.</summary>
    public Task<List<JsonObject>> PodsOfAsync(string ownerUid) =>
        PodsAsync(p => OwnerReferences.ControllerOf(p)?["uid"]?.GetValue<string>() == ownerUid);

    public Task<JsonObject> GetAsync(Resource resource, string name) => Client.GetAsync(resource, Namespace, name, CancellationToken.None);

    public async Task<List<JsonObject>> EventsAsync(string reason)
    {
        var list = await Client.ListAsync(Resource.Events, Namespace, null, CancellationToken.None);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>().Where(e => e["reason"]?.GetValue<string>() == reason).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await Kubelet.DisposeAsync();
        await _manager.DisposeAsync();
        Client.Dispose();
        await _server.DisposeAsync();
    }
}
