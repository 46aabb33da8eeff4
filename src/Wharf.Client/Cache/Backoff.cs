namespace Wharf.Client.Cache;

/// <summary>Exponential backoff with ±25 % jitter so that many clients do not retry in lockstep.</summary>
internal sealed class Backoff(TimeSpan initial, TimeSpan max)
{
    private TimeSpan _current;

    private TimeSpan Current => _current == TimeSpan.Zero ? initial : _current;

    public TimeSpan Next()
    {
        var delay = Current;
        _current = TimeSpan.FromTicks(Math.Min(max.Ticks, delay.Ticks * 2));
        var jitter = 0.75 + Random.Shared.NextDouble() * 0.5;
        return TimeSpan.FromTicks((long)(delay.Ticks * jitter));
    }

    public void Reset() => _current = TimeSpan.Zero;
}
