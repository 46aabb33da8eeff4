using System.Diagnostics;

namespace Wharf.Bench.PodStartup;

/// <summary>
/// How a wave's pods are started: all at once (<see cref="PodsPerSecond"/> null, a fixed number in flight), or paced,
/// pod i started at i / rate seconds whether or not the earlier ones are done, as clusterloader2 creates its latency
/// pods at a fixed QPS. The Wharf wave and the CRI floor run the same shape, so their latencies compare.
/// </summary>
internal sealed record WaveShape(int Pods, double? PodsPerSecond = null)
{
    public static WaveShape Burst(int pods) => new(pods);

    public static WaveShape Paced(int pods, double podsPerSecond) => new(pods, podsPerSecond);

    /// <summary>Prefix of the wave's pod names: w30- (burst of 30), p30- (30 paced).</summary>
    public string Prefix => $"{(PodsPerSecond is null ? "w" : "p")}{Pods}-";

    public override string ToString() => PodsPerSecond is { } rate ? $"{Pods} pods paced at {rate:0.#}/s" : $"{Pods} pods at once";

    /// <summary>
    /// Runs <paramref name="start"/> for pods 0..Pods-1: at once with at most <paramref name="burstParallelism"/> in
    /// flight, or each at its scheduled time (never earlier; a late one starts as soon as the loop gets to it).
    /// </summary>
    public async Task RunAsync(int burstParallelism, Func<int, CancellationToken, Task> start, CancellationToken ct)
    {
        if (PodsPerSecond is not { } rate)
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, Pods), new ParallelOptions { MaxDegreeOfParallelism = burstParallelism, CancellationToken = ct },
                async (i, token) => await start(i, token));
            return;
        }
        var clock = Stopwatch.StartNew();
        var started = new List<Task>(Pods);
        for (var i = 0; i < Pods; i++)
        {
            var wait = TimeSpan.FromSeconds(i / rate) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
                await Task.Delay(wait, ct);
            var pod = i; // the lambda runs later: it must not see the loop's next value
            started.Add(Task.Run(() => start(pod, ct), ct));
        }
        await Task.WhenAll(started);
    }
}
