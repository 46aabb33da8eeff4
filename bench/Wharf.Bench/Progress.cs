using System.Diagnostics;

namespace Wharf.Bench;

/// <summary>Timestamped progress lines on stderr, so stdout carries only the figures.</summary>
internal sealed class Progress
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    public void Say(string message) => Console.Error.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1}s] {message}");
}
