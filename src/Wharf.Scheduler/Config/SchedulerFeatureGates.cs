namespace Wharf.Scheduler.Config;

/// <summary>
/// The scheduler's <c>--feature-gates</c> (upstream's <c>Name=true|false,…</c> form). Only the gates the scheduler
/// implements are known; as upstream, an unknown gate or a value other than true/false is an error.
/// </summary>
public sealed record SchedulerFeatureGates
{
    public const string OpportunisticBatchingName = "OpportunisticBatching";

    /// <summary>KEP-5598, beta and on by default since v1.35.</summary>
    public bool OpportunisticBatching { get; init; } = true;

    /// <exception cref="InvalidSchedulerConfigException">An unknown gate or a malformed pair.</exception>
    public static SchedulerFeatureGates Parse(string? spec)
    {
        var gates = new SchedulerFeatureGates();
        if (string.IsNullOrWhiteSpace(spec)) return gates;
        var errors = new List<string>();
        foreach (var pair in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var eq = pair.IndexOf('=');
            var name = eq < 0 ? pair : pair[..eq].Trim();
            if (eq < 0 || !bool.TryParse(pair[(eq + 1)..].Trim(), out var value))
            {
                errors.Add($"missing bool value for {name}");
                continue;
            }
            if (name == OpportunisticBatchingName) gates = gates with { OpportunisticBatching = value };
            else errors.Add($"unrecognized feature gate: {name}");
        }
        if (errors.Count > 0) throw new InvalidSchedulerConfigException(errors);
        return gates;
    }
}
