using System.Globalization;

namespace Wharf.Node.Agent.Stats;

/// <summary>
/// The "key value" line format of cgroup stat files (memory.stat, cpu.stat) and /proc/meminfo ("MemTotal:  123 kB",
/// whose values are scaled to bytes). Lines that do not parse are skipped: kernels add fields over time.
/// </summary>
internal static class KeyValueFile
{
    public static Dictionary<string, ulong> Parse(string text)
    {
        var values = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
                continue;
            var scale = fields.Length > 2 && fields[2] == "kB" ? 1024UL : 1UL;
            values[fields[0].TrimEnd(':')] = value * scale;
        }
        return values;
    }

    public static ulong Get(this IReadOnlyDictionary<string, ulong> values, string key) => values.GetValueOrDefault(key);
}
