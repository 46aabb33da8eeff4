using System.Runtime.InteropServices;

namespace Wharf.Bench.Reporting;

/// <summary>What the figures were measured on: CPU model and count, memory, kernel, .NET runtime.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = ReadFirst("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString();
        var memory = ReadFirst("/proc/meminfo", "MemTotal");
        var memoryText = memory is null ? "" : $", {long.Parse(memory.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0]) / 1024 / 1024.0:F1} GiB RAM";
        return $"{Environment.ProcessorCount} x {cpu}{memoryText}, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    /// <summary>1/5/15-minute load averages: other work on the machine skews every figure, so the report shows it.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ReadFirst(string path, string key)
    {
        if (!File.Exists(path))
            return null;
        var line = File.ReadLines(path).FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}
