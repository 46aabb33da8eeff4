namespace Wharf.Scheduler.Util;

internal static class LabelExtensions
{
    public static string? Value(this IDictionary<string, string>? labels, string key) =>
        labels is not null && labels.TryGetValue(key, out var v) ? v : null;
}
