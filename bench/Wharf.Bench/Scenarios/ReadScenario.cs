using System.Diagnostics;
using System.Text.Json;
using Wharf.Bench.Api;
using Wharf.Bench.Measurement;

namespace Wharf.Bench.Scenarios;

/// <summary>
/// Fills one namespace with N ConfigMaps, then measures single-client GETs of random ones and unpaged LISTs of
/// the whole namespace (time to the last byte of the body).
/// </summary>
internal sealed class ReadScenario(WharfApi api, int serverPid, Progress progress)
{
    public const string Namespace = "bench-read";
    private const int FillClients = 16;

    public async Task<Throughput> FillAsync(int objects, CancellationToken ct)
    {
        await api.CreateNamespaceAsync(Namespace, ct);
        long next = -1;
        var fill = await LoadRunner.RunCountAsync(FillClients, objects, async (_, _, token) =>
            await api.CreateConfigMapAsync(Namespace, ObjectName(Interlocked.Increment(ref next)), 0, token), ct);
        if (fill.Failed > 0)
            throw new InvalidOperationException($"{fill.Failed} of {objects} creates failed while filling: {fill.FirstError}");
        progress.Say($"filled {Namespace} with {objects:N0} configmaps ({fill.PerSecond:F0}/s with {FillClients} clients)");
        return fill;
    }

    public async Task<Latencies> GetAsync(int objects, int samples, CancellationToken ct)
    {
        var random = new Random(42);
        for (var i = 0; i < Math.Min(200, samples); i++) // warm-up, not recorded
            await api.GetConfigMapAsync(Namespace, ObjectName(random.Next(objects)), ct);
        var latencies = new Latencies();
        for (var i = 0; i < samples; i++)
        {
            var name = ObjectName(random.Next(objects));
            var start = Stopwatch.GetTimestamp();
            await api.GetConfigMapAsync(Namespace, name, ct);
            latencies.AddElapsed(start);
        }
        progress.Say($"GET x{samples:N0}: p50 {latencies.Median:F2} ms, p99 {latencies.Percentile(99):F2} ms");
        return latencies;
    }

    public async Task<ListFigures> ListAsync(int objects, int samples, CancellationToken ct)
    {
        var (first, _) = await api.ListConfigMapsAsync(Namespace, ct); // warm-up and a sanity check, not recorded
        var count = CountItems(first);
        // The server may add its own objects to every namespace (kube-root-ca.crt), so at least ours must be there.
        if (count < objects)
            throw new InvalidOperationException($"LIST returned {count} items, expected at least {objects}");
        var total = new Latencies();
        var firstByte = new Latencies();
        var cpu = CpuMeter.Start(serverPid);
        for (var i = 0; i < samples; i++)
        {
            var start = Stopwatch.GetTimestamp();
            var (_, headersAt) = await api.ListConfigMapsAsync(Namespace, ct);
            total.AddElapsed(start);
            firstByte.Add((headersAt - start) * 1000.0 / Stopwatch.Frequency);
        }
        var figures = new ListFigures(total, firstByte, first.Length, cpu.Stop());
        progress.Say($"LIST {count:N0} x{samples}: p50 {total.Median:F0} ms, p99 {total.Percentile(99):F0} ms, first byte p50 {firstByte.Median:F0} ms "
                     + $"({first.Length / 1024.0 / 1024.0:F1} MB body, server CPU {figures.Cpu.Server.TotalMilliseconds / samples:F0} ms per LIST)");
        return figures;
    }

    private static string ObjectName(long index) => $"item-{index}";

    private static int CountItems(byte[] body)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("items").GetArrayLength();
    }
}
