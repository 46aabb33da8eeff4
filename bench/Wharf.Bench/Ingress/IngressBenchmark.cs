using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Bench.Processes;
using Wharf.Bench.Reporting;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Bench.Ingress;

/// <summary>
/// <c>Wharf.Bench ingress [--quick]</c>: requests/s and latency through the built-in ingress of a real
/// <c>wharf server --disable-agent</c>, side by side with Debian's nginx as a reverse proxy to the same backend and
/// with the backend alone, all driven by wrk on loopback in alternating rounds (medians reported). Targets of issue 6:
/// at least 0.9× nginx's requests/s and at most 1.2× its p99.
/// </summary>
internal static class IngressBenchmark
{
    private const string Wrk = "/usr/bin/wrk";
    private const string Nginx = "/usr/sbin/nginx";
    private const string Host = "bench.test";
    private const string Name = "ingress-bench";
    private const int Connections = 50;
    private static readonly Resource Ingresses = new("networking.k8s.io", "v1", "ingresses", "Ingress", true);

    public static async Task<int> RunAsync(BenchOptions options, CancellationToken ct)
    {
        if (!File.Exists(Wrk) || !File.Exists(Nginx))
        {
            Console.Error.WriteLine("the ingress benchmark needs wrk and nginx (apt-get install wrk nginx-light)");
            return 2;
        }
        var rounds = options.Quick ? 1 : 3;
        var duration = options.Quick ? 3 : 10;
        var progress = new Progress();
        var loadAtStart = MachineInfo.LoadAverage();

        using var scratch = new ScratchDirectory("ingress");
        int backendPort = FreePort.Next(), nginxPort = FreePort.Next(), ingressPort = FreePort.Next();
        await using var backend = await StartNginxAsync(scratch, "backend", dir => NginxConfig.Backend(dir, backendPort), ct);
        await using var nginx = await StartNginxAsync(scratch, "proxy", dir => NginxConfig.Proxy(dir, backendPort, nginxPort), ct);
        await using var server = await WharfServerProcess.StartAsync(options.WharfDll,
            ["--ingress-http-port", ingressPort.ToString(CultureInfo.InvariantCulture), "--ingress-https-port", "0"], ct);
        progress.Say($"wharf server pid {server.ProcessId}, ingress on {ingressPort}; nginx proxy pid {nginx.Id}, backend pid {backend.Id}");
        using (var client = ApiClient.FromKubeconfig(server.KubeconfigPath))
            await CreateRouteAsync(client, backendPort, ct);

        // The CPU per request is read from the process(es) doing the target's work: it depends far less on what else
        // the machine runs than requests/s does.
        var targets = new (string Name, int Port, int Pid)[]
        {
            ("backend direct", backendPort, backend.Id), ("nginx 1.22 (reverse proxy)", nginxPort, nginx.Id), ("wharf ingress", ingressPort, server.ProcessId),
        };
        foreach (var (name, port, pid) in targets)
        {
            await WaitOkAsync(port, ct);
            // Warm-up, not measured: connection pools, and for Wharf tiered JIT, which on a loaded machine takes seconds
            // to reach the optimised code a long-running ingress runs.
            await RunWrkAsync(port, pid, options.Quick ? 5 : 10, scratch, ct);
            progress.Say($"{name} answers");
        }

        var results = targets.ToDictionary(t => t.Name, _ => new List<WrkResult>());
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var (name, port, pid) in targets)
            {
                var result = await RunWrkAsync(port, pid, duration, scratch, ct);
                results[name].Add(result);
                progress.Say($"round {round}/{rounds} {name}: {result.RequestsPerSecond:F0} req/s, p50 {result.P50Ms:F2} ms, p99 {result.P99Ms:F2} ms, {result.CpuMicrosecondsPerRequest:F1} µs CPU/request");
            }
        }

        var medians = results.ToDictionary(r => r.Key, r => Median(r.Value));
        var yardstick = medians[targets[1].Name];
        var wharf = medians[targets[2].Name];
        var table = new MarkdownTable("target", "requests/s", "p50 ms", "p99 ms", "CPU µs/request", "non-2xx", "socket errors");
        foreach (var (name, _, _) in targets)
        {
            var m = medians[name];
            table.Add(name, $"{m.RequestsPerSecond:F0}", $"{m.P50Ms:F2}", $"{m.P99Ms:F2}", $"{m.CpuMicrosecondsPerRequest:F1}", $"{m.Non2xx}", $"{m.SocketErrors}");
        }
        var throughput = wharf.RequestsPerSecond / yardstick.RequestsPerSecond;
        var p99 = wharf.P99Ms / yardstick.P99Ms;
        Console.WriteLine($"## Ingress (wrk 2 threads, {Connections} connections, median of {rounds} × {duration} s per target, one keep-alive backend on loopback)");
        Console.WriteLine();
        table.WriteTo(Console.Out);
        Console.WriteLine();
        Console.WriteLine($"wharf/nginx: {throughput:F2}× requests/s (target ≥ 0.9: {(throughput >= 0.9 ? "met" : "missed")}), " +
                          $"{p99:F2}× p99 (target ≤ 1.2: {(p99 <= 1.2 ? "met" : "missed")}), " +
                          $"{wharf.CpuMicrosecondsPerRequest / yardstick.CpuMicrosecondsPerRequest:F2}× CPU per request (backend's excluded)");
        Console.WriteLine($"Load average at start {loadAtStart}, at end {MachineInfo.LoadAverage()} on {Environment.ProcessorCount} cores.");
        return 0;
    }

    /// <summary>A selectorless Service whose one endpoint is the backend on loopback, and an Ingress for <see cref="Host"/>.</summary>
    private static async Task CreateRouteAsync(ApiClient client, int backendPort, CancellationToken ct)
    {
        const string ns = "default";
        await client.CreateAsync(Resource.Services, ns, Json(backendPort, """
            {"metadata":{"name":"@name"},"spec":{"ports":[{"name":"http","port":80}]}}
            """), ct);
        await client.CreateAsync(Resource.EndpointSlices, ns, Json(backendPort, """
            {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
             "metadata":{"name":"@name-1","labels":{"kubernetes.io/service-name":"@name"}},
             "addressType":"IPv4","endpoints":[{"addresses":["127.0.0.1"],"conditions":{"ready":true}}],
             "ports":[{"name":"http","port":@port,"protocol":"TCP"}]}
            """), ct);
        await client.CreateAsync(Ingresses, ns, Json(backendPort, """
            {"metadata":{"name":"@name"},"spec":{"ingressClassName":"wharf","rules":[{"host":"@host","http":{"paths":[
              {"path":"/","pathType":"Prefix","backend":{"service":{"name":"@name","port":{"number":80}}}}]}}]}}
            """), ct);
    }

    /// <summary>Parses a manifest after filling in <c>@name</c>, <c>@host</c> and <c>@port</c> (the backend's).</summary>
    private static JsonObject Json(int backendPort, string manifest) => JsonNode.Parse(manifest
        .Replace("@name", Name, StringComparison.Ordinal)
        .Replace("@host", Host, StringComparison.Ordinal)
        .Replace("@port", backendPort.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal))!.AsObject();

    private static async Task WaitOkAsync(int port, CancellationToken ct)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
                request.Headers.Host = Host;
                using var response = await http.SendAsync(request, ct);
                if (response.IsSuccessStatusCode) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"nothing answers 200 for {Host} on port {port}");
            await Task.Delay(200, ct);
        }
    }

    private static async Task<ChildProcess> StartNginxAsync(ScratchDirectory scratch, string name, Func<string, string> config, CancellationToken ct)
    {
        var directory = scratch.Combine(name);
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(file, config(directory), ct);
        return ChildProcess.Start(Nginx, ["-c", file, "-p", directory], directory);
    }

    private static async Task<WrkResult> RunWrkAsync(int port, int pid, int seconds, ScratchDirectory scratch, CancellationToken ct)
    {
        var cpuBefore = ProcessTreeCpu.Read(pid);
        await using var wrk = ChildProcess.Start(Wrk,
            ["-t2", $"-c{Connections}", $"-d{seconds}s", "--latency", "-H", $"Host: {Host}", $"http://127.0.0.1:{port}/"], scratch.Path);
        await wrk.WaitForExitAsync(TimeSpan.FromSeconds(seconds + 30), ct);
        var cpu = ProcessTreeCpu.Read(pid) - cpuBefore;
        await wrk.StopAsync(ct); // the process has ended; this waits until its output is read to the end
        var result = WrkResult.Parse(wrk.Output);
        return result with { CpuMicrosecondsPerRequest = result.Requests == 0 ? double.NaN : cpu.TotalMicroseconds / result.Requests };
    }

    /// <summary>The median of each figure on its own (rounds are noisy; one bad round should not pick the others).</summary>
    private static WrkResult Median(IReadOnlyList<WrkResult> runs)
    {
        static T Mid<T>(IEnumerable<T> values) => values.Order().ElementAt(values.Count() / 2);
        return new WrkResult(Mid(runs.Select(r => r.RequestsPerSecond)), Mid(runs.Select(r => r.P50Ms)), Mid(runs.Select(r => r.P99Ms)),
            Mid(runs.Select(r => r.Non2xx)), Mid(runs.Select(r => r.SocketErrors)), Mid(runs.Select(r => r.Requests)),
            Mid(runs.Select(r => r.CpuMicrosecondsPerRequest)));
    }
}
