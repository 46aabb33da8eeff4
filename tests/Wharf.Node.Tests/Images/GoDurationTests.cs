using Wharf.Node.Images;

namespace Wharf.Node.Tests.Images;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData(0.0004, "0s")]
    [InlineData(0.5129, "512ms")]
    [InlineData(1.0, "1s")]
    [InlineData(1.2345, "1.234s")]
    [InlineData(1.2, "1.2s")]
    [InlineData(123.5, "2m3.5s")]
    [InlineData(3600, "1h0m0s")]
    public void Formats_as_go_after_truncating_to_milliseconds(double seconds, string expected)
    {
        Assert.Equal(expected, GoDuration.FormatMilliseconds(TimeSpan.FromSeconds(seconds)));
    }
}
