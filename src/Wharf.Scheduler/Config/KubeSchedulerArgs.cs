namespace Wharf.Scheduler.Config;

/// <summary>
/// k3s' <c>wharf server --kube-scheduler-arg NAME=VALUE</c> for the built-in scheduler. Only the kube-scheduler flags
/// Wharf's scheduler implements are accepted; anything else is an error rather than silently ignored.
/// </summary>
public static class KubeSchedulerArgs
{
    public const string FeatureGates = "feature-gates";

    public static readonly IReadOnlyList<string> Known = [FeatureGates];

    /// <summary>The feature gates the arguments set (later arguments win, as repeated flags do upstream).</summary>
    /// <exception cref="InvalidSchedulerConfigException">An argument that is not NAME=VALUE, an unknown flag or a bad gate.</exception>
    public static SchedulerFeatureGates Apply(IEnumerable<string> args)
    {
        var gates = new SchedulerFeatureGates();
        foreach (var arg in args)
        {
            var at = arg.IndexOf('=');
            if (at <= 0)
                throw new InvalidSchedulerConfigException([$"--kube-scheduler-arg {arg}: expected NAME=VALUE"]);
            var name = arg[..at].TrimStart('-');
            gates = name switch
            {
                FeatureGates => SchedulerFeatureGates.Parse(arg[(at + 1)..]),
                _ => throw new InvalidSchedulerConfigException([$"--kube-scheduler-arg {arg}: unknown flag; Wharf knows {string.Join(", ", Known)}"]),
            };
        }
        return gates;
    }
}
