using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Wharf.Bench.Api;
using Wharf.Bench.Measurement;

namespace Wharf.Bench.Scenarios;

/// <summary>
/// N watchers on one namespace, then spaced single creates in it; for every (watcher, write) pair the latency is
/// from the moment the create's answer arrived to the moment that watcher read the event line.
/// </summary>
internal sealed class WatchFanOutScenario(WharfApi writer, Func<WharfApi> connectWatchers, Progress progress)
{
    private const string Namespace = "bench-watch";
    private const string Prefix = "watched-";
    private static readonly TimeSpan DeliveryGrace = TimeSpan.FromSeconds(10);

    public async Task<WatchFigures> RunAsync(int watchers, int writes, TimeSpan spacing, CancellationToken ct)
    {
        await writer.CreateNamespaceAsync(Namespace, ct);
        using var watchApi = connectWatchers();
        var acknowledged = new long[writes];
        var received = new long[watchers, writes];
        var delivered = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);

        var responses = await Task.WhenAll(Enumerable.Range(0, watchers).Select(_ => watchApi.OpenConfigMapWatchAsync(Namespace, 600, ct)));
        try
        {
            var readers = responses.Select((response, watcher) => Task.Run(async () =>
            {
                await foreach (var (ticks, sequence) in ReadEventsAsync(response, stop.Token))
                {
                    if (sequence < writes && Interlocked.CompareExchange(ref received[watcher, sequence], ticks, 0) == 0)
                        Interlocked.Increment(ref delivered);
                }
            }, stop.Token)).ToArray();
            progress.Say($"{watchers} watchers open; {writes} creates, {spacing.TotalMilliseconds:F0} ms apart");

            for (var sequence = 0; sequence < writes; sequence++)
            {
                await writer.CreateConfigMapAsync(Namespace, Prefix + sequence.ToString(CultureInfo.InvariantCulture), 0, ct);
                acknowledged[sequence] = Stopwatch.GetTimestamp();
                await Task.Delay(spacing, ct);
            }

            var grace = Stopwatch.StartNew();
            while (Volatile.Read(ref delivered) < watchers * writes && grace.Elapsed < DeliveryGrace)
                await Task.Delay(20, ct);
            await stop.CancelAsync();
            await Task.WhenAll(readers).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
        finally
        {
            foreach (var response in responses)
                response.Dispose();
        }

        var figures = Summarise(acknowledged, received);
        progress.Say($"watch delivery: p50 {figures.Delivery.Median:F2} ms, p99 {figures.Delivery.Percentile(99):F2} ms, "
                     + $"{figures.Missing} missing, {figures.BeforeAck} before the write's answer");
        return figures;
    }

    private static WatchFigures Summarise(long[] acknowledged, long[,] received)
    {
        var latencies = new Latencies();
        int missing = 0, beforeAck = 0;
        for (var watcher = 0; watcher < received.GetLength(0); watcher++)
        {
            for (var sequence = 0; sequence < acknowledged.Length; sequence++)
            {
                var at = received[watcher, sequence];
                if (at == 0)
                {
                    missing++;
                    continue;
                }
                var milliseconds = (at - acknowledged[sequence]) * 1000.0 / Stopwatch.Frequency;
                if (milliseconds < 0)
                    beforeAck++;
                latencies.Add(Math.Max(0, milliseconds));
            }
        }
        return new WatchFigures(latencies, received.Length, missing, beforeAck);
    }

    /// <summary>Timestamp of each event line as read, with the sequence number from the watched object's name.</summary>
    private static async IAsyncEnumerable<(long Ticks, int Sequence)> ReadEventsAsync(HttpResponseMessage response,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(body);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(ct);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or HttpRequestException)
            {
                yield break;
            }
            if (line is null)
                yield break;
            var ticks = Stopwatch.GetTimestamp();
            var name = EventObjectName(line);
            if (name is not null && name.StartsWith(Prefix, StringComparison.Ordinal)
                                 && int.TryParse(name.AsSpan(Prefix.Length), CultureInfo.InvariantCulture, out var sequence))
                yield return (ticks, sequence);
        }
    }

    private static string? EventObjectName(string line)
    {
        if (line.Length == 0)
            return null;
        using var document = JsonDocument.Parse(line);
        return document.RootElement.TryGetProperty("object", out var obj)
               && obj.TryGetProperty("metadata", out var metadata)
               && metadata.TryGetProperty("name", out var name)
            ? name.GetString()
            : null;
    }
}
