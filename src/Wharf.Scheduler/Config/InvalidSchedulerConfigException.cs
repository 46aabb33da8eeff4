namespace Wharf.Scheduler.Config;

public sealed class InvalidSchedulerConfigException(IReadOnlyList<string> errors)
    : Exception("invalid scheduler configuration: " + string.Join("; ", errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
