using Wharf.Client.Events;

namespace Wharf.Client.Tests.Events;

public sealed class EventRepeatsTests
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(10);
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("just written", 0, true)]
    [InlineData("inside the window", 599, true)]
    [InlineData("at the window's end", 600, false)]
    public void A_repeat_is_found_only_within_the_window(string when, int secondsLater, bool found)
    {
        var repeats = new EventRepeats(Window);
        repeats.Record("k", ("ns", "ev", 1, Start));

        Assert.True(found == repeats.TryGetRecent("k", Start.AddSeconds(secondsLater), out _), when);
    }

    [Fact]
    public void Past_twice_the_capacity_the_least_recently_written_go_down_to_the_capacity()
    {
        var repeats = new EventRepeats(Window, capacity: 4);
        for (var i = 0; i < 8; i++) repeats.Record($"k{i}", ("ns", $"ev{i}", 1, Start.AddSeconds(i)));
        // k0 written again: now among the most recent.
        repeats.Record("k0", ("ns", "ev0", 2, Start.AddSeconds(8)));
        Assert.Equal(8, repeats.Count);

        repeats.Record("k8", ("ns", "ev8", 1, Start.AddSeconds(9)));

        Assert.Equal(4, repeats.Count);
        var now = Start.AddSeconds(10);
        Assert.True(repeats.TryGetRecent("k0", now, out var kept));
        Assert.Equal(2, kept.Count);
        Assert.True(repeats.TryGetRecent("k8", now, out _));
        Assert.True(repeats.TryGetRecent("k7", now, out _));
        Assert.False(repeats.TryGetRecent("k1", now, out _));
        Assert.False(repeats.TryGetRecent("k5", now, out _));
    }

    [Fact]
    public void Expired_entries_go_first_when_trimming()
    {
        var repeats = new EventRepeats(Window, capacity: 2);
        for (var i = 0; i < 4; i++) repeats.Record($"old{i}", ("ns", $"o{i}", 1, Start));

        repeats.Record("new", ("ns", "n", 1, Start.AddMinutes(11)));

        Assert.Equal(1, repeats.Count);
        Assert.True(repeats.TryGetRecent("new", Start.AddMinutes(11), out _));
    }
}
