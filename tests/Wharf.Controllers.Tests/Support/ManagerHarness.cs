using Wharf.Client.Rest;
using Wharf.Client.Tests.Support;
using Wharf.Controllers.Manager;

namespace Wharf.Controllers.Tests.Support;

/// <summary>A ControllerManager running against a <see cref="TestApiServer"/> until disposed.</summary>
internal sealed class ManagerHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly ApiClient _client;

    public ManagerHarness(TestApiServer server, ControllerManagerOptions options)
    {
        _client = server.NewClient();
        Manager = new ControllerManager(_client, options with { RootCaPem = options.RootCaPem ?? server.Host.Pki.Ca.ExportCertificatePem() });
        Run = Task.Run(() => Manager.RunAsync(_stop.Token));
    }

    public ControllerManager Manager { get; }

    public Task Run { get; }

    public async Task StopAsync()
    {
        _stop.Cancel();
        await Run.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested) await StopAsync();
        _client.Dispose();
        _stop.Dispose();
    }
}
