using Wharf.Bench.Measurement;
using Wharf.Bench.Processes;

namespace Wharf.Bench.Scenarios;

/// <summary>
/// Launch to first <c>/readyz</c> 200, each run on a fresh data dir (so PKI generation and schema creation are
/// included), the server stopped between runs.
/// </summary>
internal sealed class ColdStartScenario(string wharfDll, Progress progress)
{
    public async Task<Latencies> RunAsync(int runs, CancellationToken ct)
    {
        var startups = new Latencies();
        for (var run = 1; run <= runs; run++)
        {
            await using var server = await WharfServerProcess.StartAsync(wharfDll, ct);
            startups.Add(server.Startup.TotalMilliseconds);
            progress.Say($"cold start {run}/{runs}: {server.Startup.TotalMilliseconds:F0} ms");
        }
        return startups;
    }
}
