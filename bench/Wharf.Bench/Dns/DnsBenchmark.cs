using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using ARSoft.Tools.Net;
using ARSoft.Tools.Net.Dns;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Bench.Processes;
using Wharf.Bench.Reporting;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Network.Dns;

namespace Wharf.Bench.Dns;

/// <summary>
/// <c>Wharf.Bench dns [--quick]</c>: queries per second and latency of the built-in cluster DNS server, fed by a real
/// <c>wharf server</c> holding <see cref="ServiceCount"/> Services, against dnsmasq serving the same names from
/// host records, both driven by dnsperf on loopback with the same query file, in alternating rounds (median reported). Target from the issue: at least dnsmasq.
/// </summary>
internal static class DnsBenchmark
{
    private const int ServiceCount = 200;
    private const int Rounds = 3;
    private const string Namespace = "dnsbench";
    private const string Dnsperf = "/usr/bin/dnsperf";
    private const string Dnsmasq = "/usr/sbin/dnsmasq";

    public static async Task<int> RunAsync(string[] args, BenchOptions options, CancellationToken ct)
    {
        if (!File.Exists(Dnsperf) || !File.Exists(Dnsmasq))
        {
            Console.Error.WriteLine("the DNS benchmark needs dnsperf and dnsmasq (apt-get install dnsperf dnsmasq-base)");
            return 2;
        }
        var seconds = args.Contains("--quick") ? 5 : 15;
        var progress = new Progress();
        using var scratch = new ScratchDirectory("dns");
        await using var server = await WharfServerProcess.StartAsync(options.WharfDll, ct);
        using var client = ApiClient.FromKubeconfig(server.KubeconfigPath);
        var records = await CreateServicesAsync(client, ct);
        progress.Say($"{records.Count} services created");

        var queries = scratch.Combine("queries.txt");
        await File.WriteAllLinesAsync(queries, records.Keys.Select(name => $"{name} A"), ct);
        var resolvConf = scratch.Combine("resolv.conf");
        await File.WriteAllTextAsync(resolvConf, "nameserver 127.0.0.1\n", ct);

        var table = new MarkdownTable("server", "queries/s (median)", "rounds", "avg latency ms", "lost", "verdict");
        var wharfPort = FreePort.Next();
        using var stopDns = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var dns = ClusterDnsServer.RunAsync(new ClusterDnsOptions
        {
            ListenAddress = IPAddress.Loopback, Port = wharfPort, ResolvConfPath = resolvConf, UpstreamPort = FreePort.Next(), MetricsPort = 0,
        }, client, NullLoggerFactory.Instance, stopDns.Token);
        var dnsmasqPort = FreePort.Next();
        var load = MachineInfo.LoadAverage();
        var wharfRuns = new List<DnsperfResult>();
        var yardstickRuns = new List<DnsperfResult>();
        await using (var dnsmasq = ChildProcess.Start(Dnsmasq, DnsmasqArguments(dnsmasqPort, records), scratch.Path))
        {
            await WaitAnsweringAsync(wharfPort, records.Keys.First(), ct);
            await WaitAnsweringAsync(dnsmasqPort, records.Keys.First(), ct);
            // Alternating rounds: on a shared machine the load moves within seconds, and both servers should see the same.
            for (var round = 0; round < Rounds; round++)
            {
                var w = await RunRoundAsync("wharf", queries, wharfPort, seconds, scratch, progress, ct);
                var y = await RunRoundAsync("dnsmasq", queries, dnsmasqPort, seconds, scratch, progress, ct);
                if (w is not null) wharfRuns.Add(w);
                if (y is not null) yardstickRuns.Add(y);
                progress.Say($"round {round + 1}: wharf {w?.Qps.ToString("F0") ?? "failed"} q/s, dnsmasq {y?.Qps.ToString("F0") ?? "failed"} q/s");
            }
        }
        if (wharfRuns.Count == 0 || yardstickRuns.Count == 0) throw new InvalidOperationException("no complete dnsperf round for one of the servers");
        await stopDns.CancelAsync();
        await dns;
        var wharf = Median(wharfRuns);
        var yardstick = Median(yardstickRuns);
        table.Add("wharf cluster DNS", $"{wharf.Qps:F0}", Figures(wharfRuns), $"{wharf.AverageLatencyMs:F3}", $"{wharf.Lost}", wharf.Qps >= yardstick.Qps ? "met (≥ dnsmasq)" : "missed (< dnsmasq)");
        table.Add("dnsmasq 2.90", $"{yardstick.Qps:F0}", Figures(yardstickRuns), $"{yardstick.AverageLatencyMs:F3}", $"{yardstick.Lost}", "yardstick");
        Console.WriteLine($"## Cluster DNS ({ServiceCount} services, dnsperf {seconds} s × {Rounds} alternating rounds each, A queries over UDP on loopback)");
        Console.WriteLine();
        table.WriteTo(Console.Out);
        Console.WriteLine();
        Console.WriteLine($"Load average at start {load}, at end {MachineInfo.LoadAverage()} on {Environment.ProcessorCount} cores; the cluster DNS server runs in this process, fed by a `wharf server` child.");
        return 0;
    }

    /// <summary>Services svc-N in one namespace; returns FQDN → ClusterIP as the API allocated it.</summary>
    private static DnsperfResult Median(List<DnsperfResult> runs) => runs.OrderBy(r => r.Qps).ElementAt(runs.Count / 2);

    private static string Figures(List<DnsperfResult> runs) => string.Join(" / ", runs.Select(r => r.Qps.ToString("F0", System.Globalization.CultureInfo.InvariantCulture)));

    private static async Task<Dictionary<string, string>> CreateServicesAsync(ApiClient client, CancellationToken ct)
    {
        await client.CreateAsync(Resource.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = Namespace } }, ct);
        var records = new Dictionary<string, string>();
        for (var i = 0; i < ServiceCount; i++)
        {
            var created = await client.CreateAsync(Resource.Services, Namespace, new JsonObject
            {
                ["metadata"] = new JsonObject { ["name"] = $"svc-{i}" },
                ["spec"] = new JsonObject { ["ports"] = new JsonArray(new JsonObject { ["port"] = 80 }) },
            }, ct);
            records[$"svc-{i}.{Namespace}.svc.cluster.local"] = created["spec"]!["clusterIP"]!.GetValue<string>();
        }
        return records;
    }

    private static IEnumerable<string> DnsmasqArguments(int port, Dictionary<string, string> records) =>
        new[] { "--keep-in-foreground", "--no-resolv", "--no-hosts", "--conf-file=/dev/null", "--listen-address=127.0.0.1", "--bind-interfaces",
                $"--port={port}", "--user=root", "--pid-file=" }
            .Concat(records.Select(r => $"--host-record={r.Key},{r.Value}"));

    private static async Task WaitAnsweringAsync(int port, string name, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        using var client = new DnsClient([IPAddress.Loopback], [new UdpClientTransport(port)], true, 500);
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            var query = new DnsMessage { IsRecursionDesired = true };
            query.Questions.Add(new DnsQuestion(DomainName.Parse(name), RecordType.A, RecordClass.INet));
            if (await client.SendMessageAsync(query, ct) is { ReturnCode: ReturnCode.NoError, AnswerRecords.Count: > 0 })
                return;
            await Task.Delay(100, ct);
        }
        throw new TimeoutException($"no DNS answer for {name} on port {port}");
    }

    /// <summary>
    /// One dnsperf run, or null when it printed no summary (on an overloaded machine dnsperf itself can miss its
    /// deadline): the round is reported as failed instead of losing the whole benchmark. The server must still answer.
    /// </summary>
    private static async Task<DnsperfResult?> RunRoundAsync(string server, string queries, int port, int seconds, ScratchDirectory scratch, Progress progress, CancellationToken ct)
    {
        try
        {
            return await RunDnsperfAsync(queries, port, seconds, scratch, ct);
        }
        catch (InvalidOperationException e)
        {
            progress.Say($"{server}: dnsperf gave no summary: {string.Join(" | ", e.Message.Split('\n').Where(l => !l.StartsWith("[Timeout]")).TakeLast(6))}");
            await WaitAnsweringAsync(port, "svc-0." + Namespace + ".svc.cluster.local", ct);
            return null;
        }
    }

    private static async Task<DnsperfResult> RunDnsperfAsync(string queries, int port, int seconds, ScratchDirectory scratch, CancellationToken ct)
    {
        await using var dnsperf = ChildProcess.Start(Dnsperf,
            ["-s", "127.0.0.1", "-p", port.ToString(), "-d", queries, "-l", seconds.ToString(), "-c", "4", "-T", "2", "-q", "200"], scratch.Path);
        await dnsperf.WaitForExitAsync(TimeSpan.FromSeconds(seconds + 60), ct);
        return DnsperfResult.Parse(dnsperf.Output);
    }
}
