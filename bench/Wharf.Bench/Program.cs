using Wharf.Bench;
using Wharf.Bench.Reporting;
using Wharf.Hosting.Runtime;

// The control plane's tiering setting (see the project file); the server it starts has it already.
RuntimeReexec.Ensure([RuntimeReexec.NoCallCountingDelay]);

if (args is ["proxy", .. var proxyArgs]) return await Wharf.Bench.Proxy.ProxySyncBenchmark.RunAsync(proxyArgs, CancellationToken.None);
if (args is ["density", .. var densityArgs] && BenchOptions.Parse(densityArgs) is { } densityOptions)
    return await Wharf.Bench.Density.DensityBenchmark.RunAsync(densityOptions, CancellationToken.None);
if (args is ["scheduler", .. var schedulerArgs] && Wharf.Bench.Scheduler.SchedulerBenchOptions.Parse(schedulerArgs) is { } schedulerOptions)
    return await Wharf.Bench.Scheduler.SchedulerBenchmark.RunAsync(schedulerOptions, CancellationToken.None);
if (args is ["podstartup", .. var podStartupArgs] && BenchOptions.Parse(podStartupArgs) is { } podStartupOptions)
    return await Wharf.Bench.PodStartup.PodStartupBenchmark.RunAsync(podStartupOptions, CancellationToken.None);
if (args is ["dns", .. var dnsArgs] && BenchOptions.Parse(dnsArgs) is { } dnsOptions)
    return await Wharf.Bench.Dns.DnsBenchmark.RunAsync(dnsArgs, dnsOptions, CancellationToken.None);
if (args is ["podwrite", .. var podWriteArgs] && BenchOptions.Parse(podWriteArgs) is { } podWriteOptions)
    return await Wharf.Bench.PodWrite.PodWriteBenchmark.RunAsync(podWriteOptions, CancellationToken.None);
if (args is ["writes", .. var writesArgs] && BenchOptions.Parse(writesArgs) is { } writesOptions)
    return await Wharf.Bench.Writes.WritesOnlyBenchmark.RunAsync(writesOptions, rounds: 3, CancellationToken.None);
if (args is ["ingress", .. var ingressArgs] && BenchOptions.Parse(ingressArgs) is { } ingressOptions)
    return await Wharf.Bench.Ingress.IngressBenchmark.RunAsync(ingressOptions, CancellationToken.None);

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop gracefully so the child processes are stopped by PID
    cancel.Cancel();
};

var loadAtStart = MachineInfo.LoadAverage();
var progress = new Progress();
var figures = await new BenchRunner(options, progress).RunAsync(cancel.Token);
var commandLine = Environment.GetEnvironmentVariable("WHARF_BENCH_COMMAND") ?? "Wharf.Bench " + string.Join(' ', args);
Report.Write(Console.Out, figures, options, commandLine, loadAtStart);
return 0;
