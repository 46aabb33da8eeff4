using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Manager;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.CronJob;

/// <summary>An API server and the CronJob controller on a <see cref="ShiftedTime"/> clock; Jobs are finished by hand.</summary>
internal sealed class CronJobHarness : IAsyncDisposable
{
    public const string Namespace = "cron";

    private TestApiServer _server = null!;
    private ManagerHarness _manager = null!;

    public ApiClient Client { get; private set; } = null!;

    public ShiftedTime Time { get; } = new();

    public static async Task<CronJobHarness> StartAsync(TimeSpan offset)
    {
        var h = new CronJobHarness { _server = await TestApiServer.StartAsync() };
        h.Time.Offset = offset;
        h.Client = h._server.NewClient();
        await h.Client.CreateAsync(Resource.Namespaces, null, Objects.Namespace(Namespace), CancellationToken.None);
        h._manager = new ManagerHarness(h._server, new ControllerManagerOptions { LeaderElect = false, Controllers = [ControllerNames.CronJob], Time = h.Time });
        return h;
    }

    public async Task<List<JsonObject>> JobsAsync()
    {
        var list = await Client.ListAsync(Resource.Jobs, Namespace, null, CancellationToken.None);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>().ToList();
    }

    public async Task<List<JsonObject>> EventsAsync(string reason)
    {
        var list = await Client.ListAsync(Resource.Events, Namespace, null, CancellationToken.None);
        return (list["items"] as JsonArray ?? []).OfType<JsonObject>().Where(e => e["reason"]?.GetValue<string>() == reason).ToList();
    }

    public async ValueTask DisposeAsync()
    {
        await _manager.DisposeAsync();
        Client.Dispose();
        await _server.DisposeAsync();
    }
}
