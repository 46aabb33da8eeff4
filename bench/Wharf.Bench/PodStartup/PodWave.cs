using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Wharf.Bench.Measurement;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// One wave of busybox pods through the API, created as its <see cref="WaveShape"/> says (at once: 8 in flight; or
/// paced), each timed from just before its create call to the first watch event that shows it Running. The watch
/// starts before the first create.
/// </summary>
internal static class PodWave
{
    private const int Parallelism = 8;

    public static async Task<Latencies> RunAsync(IApiClient client, string prefix, WaveShape shape, TimeSpan limit, StartupBreakdown breakdown, CancellationToken ct)
    {
        var count = shape.Pods;
        var created = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var running = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var list = await client.ListAsync(Resource.Pods, PodStartupBenchmark.Namespace, null, ct);
        var watchOptions = new ListOptions { ResourceVersion = list["metadata"]?["resourceVersion"]?.ToString(), TimeoutSeconds = (int)limit.TotalSeconds + 60 };
        var watch = Task.Run(async () =>
        {
            await foreach (var change in client.WatchAsync(Resource.Pods, PodStartupBenchmark.Namespace, watchOptions, stop.Token))
            {
                var name = change.Object["metadata"]?["name"]?.ToString();
                if (name is not null && change.Object["status"]?["phase"]?.ToString() == "Running")
                {
                    if (running.TryAdd(name, Stopwatch.GetTimestamp()))
                        breakdown.Add(change.Object);
                    if (running.Count(r => r.Key.StartsWith(prefix, StringComparison.Ordinal)) >= count)
                        return;
                }
            }
        }, CancellationToken.None);

        await shape.RunAsync(Parallelism, async (i, token) =>
        {
            var name = $"{prefix}{i:D3}";
            created[name] = Stopwatch.GetTimestamp();
            await client.CreateAsync(Resource.Pods, PodStartupBenchmark.Namespace, Pod(name), token);
        }, ct);
        await Task.WhenAny(watch, Task.Delay(limit, ct));
        await stop.CancelAsync();
        await watch.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        var latencies = new Latencies();
        foreach (var (name, start) in created)
        {
            if (running.TryGetValue(name, out var end))
                latencies.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
        }
        return latencies;
    }

    private static JsonObject Pod(string name) => new()
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["labels"] = new JsonObject { ["bench"] = "podstartup" } },
        ["spec"] = new JsonObject
        {
            ["terminationGracePeriodSeconds"] = 0,
            ["containers"] = new JsonArray(new JsonObject
            {
                ["name"] = "main",
                ["image"] = PodStartupBenchmark.Busybox,
                ["imagePullPolicy"] = "Never",
                ["command"] = new JsonArray("sleep", "3600"),
                ["resources"] = new JsonObject { ["requests"] = new JsonObject { ["cpu"] = "1m", ["memory"] = "4Mi" } },
            }),
        },
    };
}
