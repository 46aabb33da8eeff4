namespace Wharf.ApiServer.Tests.NodeJoin;

/// <summary>A clock that reads what the test set, for expiry and renewal decisions.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
