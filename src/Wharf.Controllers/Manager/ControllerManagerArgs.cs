using System.Globalization;
using System.Text.RegularExpressions;
using Wharf.Controllers.NodeLifecycle;

namespace Wharf.Controllers.Manager;

/// <summary>
/// k3s' <c>--kube-controller-manager-arg NAME=VALUE</c>: the kube-controller-manager flags Wharf honours, applied to
/// <see cref="ControllerManagerOptions"/>. Durations use Go's syntax (<c>20s</c>, <c>1m30s</c>, <c>500ms</c>).
/// </summary>
public static partial class ControllerManagerArgs
{
    public static readonly IReadOnlyList<string> Known =
    [
        "controllers", "node-monitor-period", "node-monitor-grace-period", "node-startup-grace-period", "terminated-pod-gc-threshold",
        "node-eviction-rate", "secondary-node-eviction-rate", "unhealthy-zone-threshold", "large-cluster-size-threshold",
    ];

    /// <summary>The options with every argument applied; an unknown name or a bad value throws <see cref="ArgumentException"/>.</summary>
    public static ControllerManagerOptions Apply(ControllerManagerOptions options, IEnumerable<string> args)
    {
        foreach (var arg in args)
        {
            var at = arg.IndexOf('=');
            if (at <= 0)
                throw new ArgumentException($"--kube-controller-manager-arg {arg}: expected NAME=VALUE");
            var (name, value) = (arg[..at].TrimStart('-'), arg[(at + 1)..]);
            var lifecycle = options.NodeLifecycle;
            options = name switch
            {
                "controllers" => options with { Controllers = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "node-monitor-period" => options with { NodeLifecycle = lifecycle with { MonitorPeriod = Duration(name, value) } },
                "node-monitor-grace-period" => options with { NodeLifecycle = lifecycle with { GracePeriod = Duration(name, value) } },
                "node-startup-grace-period" => options with { NodeLifecycle = lifecycle with { StartupGracePeriod = Duration(name, value) } },
                "terminated-pod-gc-threshold" when int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var threshold) =>
                    options with { TerminatedPodGcThreshold = threshold },
                "terminated-pod-gc-threshold" => throw new ArgumentException($"--kube-controller-manager-arg {arg}: not an integer"),
                "node-eviction-rate" => options with { NodeLifecycle = lifecycle with { EvictionRate = Number(arg, value) } },
                "secondary-node-eviction-rate" => options with { NodeLifecycle = lifecycle with { SecondaryEvictionRate = Number(arg, value) } },
                "unhealthy-zone-threshold" => options with { NodeLifecycle = lifecycle with { UnhealthyZoneThreshold = Number(arg, value) } },
                "large-cluster-size-threshold" => options with { NodeLifecycle = lifecycle with { LargeClusterSizeThreshold = (int)Number(arg, value) } },
                _ => throw new ArgumentException($"--kube-controller-manager-arg {arg}: unknown flag; Wharf knows {string.Join(", ", Known)}"),
            };
        }
        return options;
    }

    private static double Number(string arg, string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : throw new ArgumentException($"--kube-controller-manager-arg {arg}: not a non-negative number");

    /// <summary>A Go duration: one or more number+unit pairs (h, m, s, ms, us, µs, ns).</summary>
    public static TimeSpan Duration(string name, string value)
    {
        var match = GoDuration().Match(value);
        if (!match.Success || value.Length == 0)
            throw new ArgumentException($"--kube-controller-manager-arg {name}={value}: not a duration (e.g. 40s, 1m30s)");
        double ticks = 0;
        foreach (Capture part in match.Groups["part"].Captures)
        {
            var unitAt = part.Value.IndexOfAny(['h', 'm', 's', 'u', 'µ', 'n']);
            var number = double.Parse(part.Value[..unitAt], CultureInfo.InvariantCulture);
            ticks += number * part.Value[unitAt..] switch
            {
                "h" => TimeSpan.TicksPerHour,
                "m" => TimeSpan.TicksPerMinute,
                "s" => TimeSpan.TicksPerSecond,
                "ms" => TimeSpan.TicksPerMillisecond,
                "us" or "µs" => TimeSpan.TicksPerMicrosecond,
                _ => 0.01,
            };
        }
        return TimeSpan.FromTicks((long)ticks);
    }

    [GeneratedRegex(@"^(?<part>[0-9]+(\.[0-9]+)?(h|ms|m|s|us|µs|ns))+$")]
    private static partial Regex GoDuration();
}
