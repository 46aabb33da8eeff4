using System.Globalization;
using Wharf.Bench.Measurement;
using Wharf.Bench.Scenarios;

namespace Wharf.Bench.Reporting;

/// <summary>Turns <see cref="BenchFigures"/> into the printed tables: a write table and a results-vs-targets table.</summary>
internal static class Report
{
    public static void Write(TextWriter output, BenchFigures figures, BenchOptions options, string commandLine, string loadAtStart)
    {
        output.WriteLine();
        output.WriteLine($"Wharf benchmark, {(options.Quick ? "quick" : "full")} run, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        output.WriteLine($"Machine: {MachineInfo.Describe()}");
        output.WriteLine($"Command: {commandLine}");
        output.WriteLine($"Load average at start: {loadAtStart}; at end: {MachineInfo.LoadAverage()}");
        output.WriteLine();
        WriteThroughputTable(figures).WriteTo(output);
        output.WriteLine();
        ResultsTable(figures).WriteTo(output);
        output.WriteLine();
        output.WriteLine("Targets are goals, not gates: a miss never fails the run.");
    }

    private static MarkdownTable WriteThroughputTable(BenchFigures figures)
    {
        var table = new MarkdownTable("Clients", "Wharf creates/s", "Wharf updates/s", "etcd puts/s (new keys)", "etcd puts/s (overwrite)",
            "Wharf CPU/write", "etcd CPU/put", "machine busy (Wharf / etcd)");
        foreach (var wharf in figures.WharfWrites)
        {
            var etcd = figures.EtcdWrites.FirstOrDefault(e => e.Clients == wharf.Clients);
            table.Add(wharf.Clients.ToString(CultureInfo.InvariantCulture), Rate(wharf.Creates), Rate(wharf.Updates),
                etcd is null ? "-" : Rate(etcd.Creates), etcd is null ? "-" : Rate(etcd.Updates),
                CpuPerWrite(wharf), etcd is null ? "-" : CpuPerWrite(etcd),
                $"{Busy(wharf):F0}% / {(etcd is null ? "-" : Busy(etcd).ToString("F0", CultureInfo.InvariantCulture))}%");
        }
        return table;
    }

    private static MarkdownTable ResultsTable(BenchFigures f)
    {
        var table = new MarkdownTable("Measure", "Result", "Target", "Verdict");
        var n = Targets.WriteComparisonClients;
        var wharf = f.WharfWrites.FirstOrDefault(w => w.Clients == n);
        var etcd = f.EtcdWrites.FirstOrDefault(w => w.Clients == n);
        if (wharf is not null && etcd is not null)
        {
            Add(table, $"API creates/s vs etcd puts/s, {n} clients", $"{wharf.Creates.PerSecond:F0} vs {etcd.Creates.PerSecond:F0}",
                ">= etcd", Targets.Check(wharf.Creates.PerSecond >= etcd.Creates.PerSecond));
            Add(table, $"API updates/s vs etcd puts/s, {n} clients", $"{wharf.Updates.PerSecond:F0} vs {etcd.Updates.PerSecond:F0}",
                ">= etcd", Targets.Check(wharf.Updates.PerSecond >= etcd.Updates.PerSecond));
        }
        Add(table, $"GET p50 (1 client, {f.Gets.Count:N0} samples)", Ms(f.Gets.Median), "", Verdict.None);
        Add(table, "GET p99", Ms(f.Gets.Percentile(99)), $"< {Targets.GetP99Milliseconds} ms",
            Targets.Check(f.Gets.Percentile(99) < Targets.GetP99Milliseconds));

        var listLabel = $"LIST {f.ListedObjects:N0} configmaps";
        var comparable = f.ListedObjects == Targets.List10kObjects;
        var lists = f.Lists.Total;
        Add(table, $"{listLabel} p50 ({lists.Count} samples, {f.Lists.BodyBytes / 1048576.0:F1} MB each)", Ms(lists.Median), "", Verdict.None);
        Add(table, $"{listLabel} p99", Ms(lists.Percentile(99)),
            comparable ? $"< {Targets.List10kP99Milliseconds} ms" : "(10k in full run)",
            comparable ? Targets.Check(lists.Percentile(99) < Targets.List10kP99Milliseconds) : Verdict.None);
        Add(table, $"{listLabel}: first byte p50 / server CPU per LIST",
            $"{Ms(f.Lists.FirstByte.Median)} / {f.Lists.Cpu.Server.TotalMilliseconds / Math.Max(1, lists.Count):F0} ms", "", Verdict.None);

        var watch = f.Watch;
        var watchNote = watch.Missing > 0 ? $", {watch.Missing} of {watch.Expected} never delivered" : "";
        Add(table, $"Watch delivery p50 ({f.Watchers} watchers, {watch.Delivery.Count:N0} deliveries{watchNote})", Ms(watch.Delivery.Median), "", Verdict.None);
        Add(table, "Watch delivery p99", Ms(watch.Delivery.Percentile(99)), $"< {Targets.WatchP99Milliseconds} ms",
            Targets.Check(watch.Missing == 0 && watch.Delivery.Percentile(99) < Targets.WatchP99Milliseconds));

        Add(table, "RSS idle (fresh server)", Mb(f.Idle.RssMegabytes), $"<= {Targets.IdleRssMegabytes} MB",
            Targets.Check(f.Idle.RssMegabytes <= Targets.IdleRssMegabytes));
        Add(table, $"RSS with {f.ListedObjects:N0} objects (after filling)", Mb(f.Filled.RssMegabytes), "", Verdict.None);
        Add(table, "RSS after GET+LIST load", Mb(f.AfterLists.RssMegabytes), "", Verdict.None);
        Add(table, "RSS peak over the run (VmHWM)", Mb(f.End.PeakRssMegabytes), "", Verdict.None);

        var coldStart = f.ColdStarts.Median / 1000;
        Add(table, $"Cold start to /readyz ok (median of {f.ColdStarts.Count}; min {f.ColdStarts.Percentile(0) / 1000:F2} s, max {f.ColdStarts.Percentile(100) / 1000:F2} s)",
            $"{coldStart:F2} s", $"<= {Targets.ColdStartSeconds} s", Targets.Check(coldStart <= Targets.ColdStartSeconds));

        var failures = f.WharfWrites.Concat(f.EtcdWrites).Sum(w => w.Creates.Failed + w.Updates.Failed);
        if (failures > 0)
            Add(table, "Failed write requests (not counted above)", failures.ToString(CultureInfo.InvariantCulture), "0", Verdict.Miss);
        return table;
    }

    private static void Add(MarkdownTable table, string measure, string result, string target, Verdict verdict) =>
        table.Add(measure, result, target, verdict switch { Verdict.Pass => "pass", Verdict.Miss => "MISS", _ => "" });

    /// <summary>Server CPU per write over the create and update phases together.</summary>
    private static string CpuPerWrite(WriteFigures w) =>
        $"{(w.CreateCpu.Server + w.UpdateCpu.Server).TotalMicroseconds / Math.Max(1, w.Creates.Completed + w.Updates.Completed):F0} us";

    private static double Busy(WriteFigures w) => (w.CreateCpu.MachineBusyPercent + w.UpdateCpu.MachineBusyPercent) / 2;

    private static string Rate(Throughput t) => t.Completed == 0 ? "failed" : t.PerSecond.ToString("F0", CultureInfo.InvariantCulture);

    private static string Ms(double milliseconds) => milliseconds < 10
        ? $"{milliseconds:F2} ms"
        : $"{milliseconds:F0} ms";

    private static string Mb(double megabytes) => $"{megabytes:F0} MB";
}
