namespace Wharf.Bench;

/// <summary>
/// Sizes of one benchmark run. The full run aims at a few minutes; <c>--quick</c> is a smoke run under a minute
/// with fewer samples (its LIST uses a smaller namespace, so that figure is not comparable with the 10k target).
/// </summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: Wharf.Bench [--quick] [--wharf-dll PATH] [--etcd PATH]
               Wharf.Bench proxy [--quick]              nftables proxy sync time (root)
               Wharf.Bench dns [--quick] [--wharf-dll PATH]   cluster DNS vs dnsmasq with dnsperf
               Wharf.Bench density [--quick] [--wharf-dll PATH]   Deployments on hollow nodes: scheduling and startup
               Wharf.Bench ingress [--quick] [--wharf-dll PATH]   built-in ingress vs nginx with wrk
               Wharf.Bench scheduler [--quick] [--workload NAME] [--mode streaming|backlog|warm|both|all] [--in-server] [--wharf-dll PATH]
                                            scheduler_perf workloads through the API server: pods/s, latency, memory;
                                            --mode backlog: pods created first, then a fresh scheduler places them;
                                            --mode warm: the scheduler that placed the initial pods is frozen while the
                                            measured pods are created, then resumed (both = streaming and backlog)
               Wharf.Bench writes [--quick] [--wharf-dll PATH]   API writes only: 16 clients, three phases, server CPU per write (A/B rounds)
               Wharf.Bench podstartup [--quick] [--wharf-dll PATH]   busybox pods on the real agent vs raw CRI (root, host-network lock)
          --quick       smoke run (< 1 min): fewer samples, shorter write phases, 2,000 listed objects
          --wharf-dll   the server to measure (default: src/Wharf/bin/Release/net10.0/wharf.dll of this repo)
          --etcd        etcd binary for the yardstick (default: etcd on PATH)
        """;

    public required bool Quick { get; init; }

    public required string WharfDll { get; init; }

    public required string EtcdBinary { get; init; }

    public IReadOnlyList<int> ClientCounts { get; init; } = [1, 16, 64];

    public int ColdStartRuns => Quick ? 3 : 5;

    /// <summary>Length of each closed-loop write phase (per client count, per operation).</summary>
    public TimeSpan WritePhase => Quick ? TimeSpan.FromSeconds(1.5) : TimeSpan.FromSeconds(8);

    public TimeSpan WarmUp => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    /// <summary>How long the server sits untouched before its idle RSS is read.</summary>
    public TimeSpan IdleSettle => Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(3);

    public int ListedObjects => Quick ? 2_000 : 10_000;

    public int GetSamples => Quick ? 500 : 5_000;

    public int ListSamples => Quick ? 5 : 30;

    public int Watchers => 100;

    public int WatchWrites => Quick ? 30 : 200;

    /// <summary>Pause between watched writes, so each latency is one event's, not a queue's.</summary>
    public TimeSpan WatchWriteSpacing => TimeSpan.FromMilliseconds(20);

    public static BenchOptions? Parse(string[] args)
    {
        var quick = false;
        string? wharfDll = null, etcd = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--wharf-dll" when i + 1 < args.Length:
                    wharfDll = Path.GetFullPath(args[++i]);
                    break;
                case "--etcd" when i + 1 < args.Length:
                    etcd = args[++i];
                    break;
                default:
                    return null;
            }
        }
        return new BenchOptions
        {
            Quick = quick,
            WharfDll = wharfDll ?? DefaultWharfDll(),
            EtcdBinary = etcd ?? "etcd",
        };
    }

    private static string DefaultWharfDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Wharf.sln")))
                return Path.Combine(dir.FullName, "src", "Wharf", "bin", "Release", "net10.0", "wharf.dll");
        }
        throw new InvalidOperationException("cannot find the repository root (Wharf.sln) above the benchmark; pass --wharf-dll");
    }
}
