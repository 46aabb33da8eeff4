using Wharf.Controllers.Expectations;

namespace Wharf.Controllers.Tests.Expectations;

public sealed class ControllerExpectationsTests
{
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void CreationsArePendingUntilObserved()
    {
        var e = new ControllerExpectations(new Clock());
        Assert.True(e.Satisfied("ns/rs"));
        e.ExpectCreations("ns/rs", 2);
        e.CreationObserved("ns/rs");
        Assert.False(e.Satisfied("ns/rs"));
        e.CreationObserved("ns/rs");
        Assert.True(e.Satisfied("ns/rs"));
    }

    [Fact]
    public void ADeletionCountsOnceWhetherSeenTerminatingOrGone()
    {
        var e = new ControllerExpectations(new Clock());
        e.ExpectDeletions("ns/rs", ["ns/a", "ns/b"]);
        e.DeletionObserved("ns/rs", "ns/a");
        e.DeletionObserved("ns/rs", "ns/a");
        Assert.False(e.Satisfied("ns/rs"));
        e.DeletionObserved("ns/rs", "ns/b");
        Assert.True(e.Satisfied("ns/rs"));
    }

    [Fact]
    public void PendingExpectationsExpireAfterFiveMinutes()
    {
        var clock = new Clock();
        var e = new ControllerExpectations(clock);
        e.ExpectCreations("ns/rs", 3);
        clock.Now += TimeSpan.FromMinutes(4);
        Assert.False(e.Satisfied("ns/rs"));
        clock.Now += TimeSpan.FromMinutes(1.5);
        Assert.True(e.Satisfied("ns/rs"));
    }
}
