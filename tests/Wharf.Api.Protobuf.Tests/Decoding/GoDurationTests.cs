using Wharf.Api.Protobuf.Decoding;

namespace Wharf.Api.Protobuf.Tests.Decoding;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("zero", 0L, "0s")]
    [InlineData("nanoseconds", 999L, "999ns")]
    [InlineData("microseconds", 1_500L, "1.5µs")]
    [InlineData("milliseconds", 300_000_000L, "300ms")]
    [InlineData("fractional seconds", 1_500_000_000L, "1.5s")]
    [InlineData("minutes", 90_000_000_000L, "1m30s")]
    [InlineData("hour", 3_600_000_000_000L, "1h0m0s")]
    [InlineData("negative", -2_000_000_000L, "-2s")]
    [InlineData("min value", long.MinValue, "-2562047h47m16.854775808s")]
    public void Format_MatchesGoDurationString(string name, long nanoseconds, string expected)
    {
        Assert.Equal(expected, GoDuration.Format(nanoseconds));
        Assert.NotEmpty(name);
    }
}
