using Wharf.Node.Agent.Memory;

namespace Wharf.Node.Tests.Agent.Memory;

public sealed class IdleTrimPolicyTests
{
    private const long MB = 1 << 20;
    private static readonly IdleTrimPolicy Policy = new(Activity: 4 * MB, Quiet: 1 * MB, MinimumInterval: TimeSpan.FromMinutes(5));

    public static TheoryData<string, long, long, long, TimeSpan, bool> Cases => new()
    {
        // name, allocated now, at last check, at last trim, since last trim, expected
        { "start-up done, quiet now: first trim at once", 20 * MB, 20 * MB - 100_000, 0, TimeSpan.MaxValue, true },
        { "still busy (2 MB since the last check)", 20 * MB, 18 * MB, 0, TimeSpan.MaxValue, false },
        { "quiet but little happened since the last trim", 7 * MB, 7 * MB - 1000, 4 * MB, TimeSpan.FromHours(1), false },
        { "a burst settled after the minimum interval", 60 * MB, 60 * MB - 1000, 4 * MB, TimeSpan.FromMinutes(6), true },
        { "a burst settled too soon after the last trim", 60 * MB, 60 * MB - 1000, 4 * MB, TimeSpan.FromMinutes(2), false },
        { "quiet threshold is exclusive", 20 * MB, 19 * MB, 0, TimeSpan.MaxValue, false },
        { "activity threshold is inclusive", 4 * MB, 4 * MB, 0, TimeSpan.MaxValue, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ShouldTrim(string name, long now, long atLastCheck, long atLastTrim, TimeSpan sinceLastTrim, bool expected)
    {
        Assert.True(expected == Policy.ShouldTrim(now, atLastCheck, atLastTrim, sinceLastTrim), name);
    }
}
