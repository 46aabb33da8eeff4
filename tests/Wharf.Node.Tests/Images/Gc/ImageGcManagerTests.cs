using Wharf.Node.Images.Gc;
using static Wharf.Node.Tests.Images.Gc.FakeImageHost;

namespace Wharf.Node.Tests.Images.Gc;

/// <summary>The real collector against a fake runtime and disk: thresholds, order, what is never removed, events.</summary>
public sealed class ImageGcManagerTests
{
    private readonly FakeImageHost _host = new();
    private readonly ManualClock _clock = new();

    [Theory]
    [InlineData("well_below_high", 50, false)]
    [InlineData("just_below_high", 16, false)]
    [InlineData("exactly_at_high", 15, true)]
    public async Task Nothing_is_removed_below_the_high_threshold(string name, int availablePercent, bool collects)
    {
        _ = name;
        _host.Available = availablePercent * Gi;
        _host.AddImage("sha256:old", 10 * Gi);
        var gc = _host.Manager(_clock);
        await gc.DetectAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(10));

        await gc.GarbageCollectAsync(CancellationToken.None);

        Assert.Equal(collects, _host.Removed.Count > 0);
    }

    [Fact]
    public async Task Frees_down_to_the_low_threshold_least_recently_used_first()
    {
        _host.Available = 10 * Gi; // 90% used; the low threshold (80%) needs 10 GiB more free.
        _host.AddImage("sha256:a", 6 * Gi);
        _host.AddImage("sha256:b", 6 * Gi);
        _host.AddImage("sha256:c", 6 * Gi);
        var gc = _host.Manager(_clock);
        // c was used last, a before b: a and b go (12 GiB >= 10 GiB), c stays.
        _host.AddContainer("sha256:a");
        await gc.DetectAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        _host.Containers.Clear();
        _host.AddContainer("sha256:b");
        await gc.DetectAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(1));
        _host.Containers.Clear();
        _host.AddContainer("sha256:c");
        await gc.DetectAsync(CancellationToken.None);
        _host.Containers.Clear();
        _clock.Advance(TimeSpan.FromMinutes(5));

        var freed = await gc.GarbageCollectAsync(CancellationToken.None);

        Assert.Equal(["sha256:a", "sha256:b"], _host.Removed);
        Assert.Equal(12 * Gi, freed);
        Assert.Empty(_host.Events);
    }

    [Fact]
    public async Task Images_in_use_pinned_the_sandbox_image_and_young_images_are_kept_and_reported()
    {
        _host.Available = 5 * Gi;
        _host.AddImage("sha256:used", 10 * Gi);
        _host.AddImage("sha256:pinned", 10 * Gi, pinned: true);
        _host.AddImage("sha256:pause", 10 * Gi, tag: "wharf.local/pause:3.10");
        _host.AddImage("sha256:removable", 1 * Gi);
        _host.AddContainer("sha256:used");
        var gc = _host.Manager(_clock);
        await gc.DetectAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(3));
        _host.AddImage("sha256:young", 10 * Gi);

        var error = await Assert.ThrowsAsync<ImageGcException>(() => gc.GarbageCollectAsync(CancellationToken.None));

        Assert.Equal(["sha256:removable"], _host.Removed);
        var message = $"Failed to garbage collect required amount of images. Attempted to free {15 * Gi} bytes, but only found {1 * Gi} bytes eligible to free.";
        Assert.Equal(message, error.Message);
        Assert.Equal([("Warning", "FreeDiskSpaceFailed", message)], _host.Events);
    }

    [Fact]
    public async Task An_image_becomes_removable_once_it_reaches_the_minimum_age()
    {
        _host.Available = 10 * Gi;
        _host.AddImage("sha256:new", 20 * Gi);
        var gc = _host.Manager(_clock);
        await gc.DetectAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(119));
        await Assert.ThrowsAsync<ImageGcException>(() => gc.GarbageCollectAsync(CancellationToken.None));
        Assert.Empty(_host.Removed);

        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(20 * Gi, await gc.GarbageCollectAsync(CancellationToken.None));
        Assert.Equal(["sha256:new"], _host.Removed);
    }

    [Fact]
    public async Task A_failed_removal_is_skipped_and_reported_with_the_runtimes_error()
    {
        _host.Available = 10 * Gi;
        _host.AddImage("sha256:stuck", 20 * Gi);
        _host.AddImage("sha256:free", 1 * Gi);
        _host.RefuseRemoval.Add("sha256:stuck");
        var gc = _host.Manager(_clock);
        await gc.DetectAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromMinutes(3));

        var error = await Assert.ThrowsAsync<ImageGcException>(() => gc.GarbageCollectAsync(CancellationToken.None));

        Assert.Equal(["sha256:free"], _host.Removed);
        Assert.Contains("image sha256:stuck is in use", error.Message);
        Assert.StartsWith($"wanted to free {10 * Gi} bytes, but freed {1 * Gi} bytes", error.Message);
    }

    [Fact]
    public async Task The_loop_collects_at_start_and_reports_ImageGCFailed_from_the_second_failure_on()
    {
        _host.Available = 1 * Gi; // nothing to remove: every collection fails
        var policy = new ImageGcPolicy { Period = TimeSpan.Zero, DetectPeriod = TimeSpan.FromMilliseconds(10) };
        var gc = _host.Manager(TimeProvider.System, policy);
        using var stop = new CancellationTokenSource();

        var run = gc.RunAsync(stop.Token);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!_host.Events.ToList().Any(e => e.Reason == "ImageGCFailed") && DateTime.UtcNow < deadline)
            await Task.Delay(10);
        await stop.CancelAsync();
        await run;

        var reasons = _host.Events.ToList().Select(e => e.Reason).ToList();
        Assert.Equal(["FreeDiskSpaceFailed", "FreeDiskSpaceFailed", "ImageGCFailed"], reasons.Take(3));
    }

    [Theory]
    [InlineData("low_above_high", 80, 85)]
    [InlineData("high_over_100", 101, 80)]
    public void Invalid_thresholds_are_refused(string name, int high, int low)
    {
        _ = name;
        Assert.Throws<ArgumentException>(() => _host.Manager(_clock, new ImageGcPolicy { HighThresholdPercent = high, LowThresholdPercent = low }));
    }
}
