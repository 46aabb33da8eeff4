namespace Wharf.Node.Agent.Stats;

/// <summary>
/// Turns cumulative CPU readings into <c>usageNanoCores</c> by keeping the previous reading of every node, pod
/// and container key. A counter that went backwards (a restarted container reusing a key) or no time between two
/// readings gives no rate rather than a wrong one. Keys not seen in a round are forgotten.
/// </summary>
internal sealed class CpuRateTracker
{
    private Dictionary<string, CpuStats> _previous = new(StringComparer.Ordinal);
    private Dictionary<string, CpuStats> _current = new(StringComparer.Ordinal);
    private readonly object _lock = new();

    /// <summary>The reading with its rate against the previous round's reading of the same key.</summary>
    public CpuStats? Rate(string key, CpuStats? reading)
    {
        if (reading is null) return null;
        lock (_lock)
        {
            _current[key] = reading;
            return _previous.TryGetValue(key, out var before) ? reading with { UsageNanoCores = NanoCores(before, reading) } : reading;
        }
    }

    /// <summary>Ends a round: this round's readings become the baseline of the next.</summary>
    public void EndRound()
    {
        lock (_lock)
        {
            _previous = _current;
            _current = new Dictionary<string, CpuStats>(StringComparer.Ordinal);
        }
    }

    /// <summary>Fills in the rates of a whole round (node, pods by uid, containers by id) and ends the round.</summary>
    public StatsSnapshot WithRates(StatsSnapshot raw)
    {
        var node = raw.Node with
        {
            Cpu = Rate("node", raw.Node.Cpu)!,
            SystemContainers = raw.Node.SystemContainers?.Select(c => c with { Cpu = Rate("system/" + c.Name, c.Cpu) }).ToList(),
        };
        var pods = raw.Pods.Select(p => p with
        {
            Cpu = Rate("pod/" + p.Ref.Uid, p.Cpu),
            Containers = p.Containers.Select(c => c with { Cpu = Rate("container/" + c.Id, c.Cpu) }).ToList(),
        }).ToList();
        EndRound();
        return raw with { Node = node, Pods = pods };
    }

    public static ulong? NanoCores(CpuStats before, CpuStats after)
    {
        var elapsedNs = (after.Time - before.Time).Ticks * 100;
        if (elapsedNs <= 0 || after.UsageCoreNanoSeconds < before.UsageCoreNanoSeconds)
            return null;
        var used = after.UsageCoreNanoSeconds - before.UsageCoreNanoSeconds;
        return (ulong)(used * 1e9 / elapsedNs);
    }
}
