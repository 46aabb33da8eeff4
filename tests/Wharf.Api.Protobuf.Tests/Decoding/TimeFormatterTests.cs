using Wharf.Api.Protobuf.Decoding;

namespace Wharf.Api.Protobuf.Tests.Decoding;

public sealed class TimeFormatterTests
{
    [Theory]
    [InlineData("epoch", 0L, 0L, false, "1970-01-01T00:00:00Z")]
    [InlineData("seconds drop nanos", 1_795_641_461L, 999_999_999L, false, "2026-11-25T21:17:41Z")]
    [InlineData("micro keeps six digits", 1_795_641_461L, 5_000L, true, "2026-11-25T21:17:41.000005Z")]
    [InlineData("nanos overflow carries", 0L, 1_500_000_000L, false, "1970-01-01T00:00:01Z")]
    [InlineData("negative nanos borrow", 1L, -1L, true, "1970-01-01T00:00:00.999999Z")]
    [InlineData("go zero time", -62_135_596_800L, 0L, false, null)]
    public void Format_RendersUtcRfc3339(string name, long seconds, long nanos, bool micro, string? expected)
    {
        Assert.Equal(expected, TimeFormatter.Format(seconds, nanos, micro));
        Assert.NotEmpty(name);
    }

    [Theory]
    [InlineData("before year 1", -62_135_596_801L)]
    [InlineData("after year 9999", 253_402_300_800L)]
    [InlineData("far future", long.MaxValue)]
    public void Format_OutOfRange_IsADecodeError(string name, long seconds)
    {
        Assert.Throws<ProtobufDecodeException>(() => TimeFormatter.Format(seconds, 0, micro: false));
        Assert.NotEmpty(name);
    }
}
