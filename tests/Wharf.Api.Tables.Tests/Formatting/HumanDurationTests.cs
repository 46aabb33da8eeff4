using Wharf.Api.Tables.Formatting;

namespace Wharf.Api.Tables.Tests.Formatting;

public sealed class HumanDurationTests
{
    [Theory]
    [InlineData("future beyond skew", -2_000, "<invalid>")]
    [InlineData("future within skew", -1_500, "0s")]
    [InlineData("one second ahead", -1_000, "0s")]
    [InlineData("now", 0, "0s")]
    [InlineData("sub-second truncates", 999, "0s")]
    [InlineData("seconds", 45_000, "45s")]
    [InlineData("last seconds bucket", 119_999, "119s")]
    [InlineData("two minutes", 120_000, "2m")]
    [InlineData("minutes and seconds", 121_000, "2m1s")]
    [InlineData("under ten minutes", 599_000, "9m59s")]
    [InlineData("ten minutes drops seconds", 605_000, "10m")]
    [InlineData("last minutes bucket", 10_799_000, "179m")]
    [InlineData("three hours", 10_800_000, "3h")]
    [InlineData("hours and minutes", 11_040_000, "3h4m")]
    [InlineData("under eight hours", 28_740_000, "7h59m")]
    [InlineData("eight hours drops minutes", 28_860_000, "8h")]
    [InlineData("last hours bucket", 172_799_000, "47h")]
    [InlineData("two days", 172_800_000, "2d")]
    [InlineData("days and hours", 176_400_000, "2d1h")]
    [InlineData("under eight days", 691_200_000 - 3_600_000, "7d23h")]
    [InlineData("eight days drops hours", 691_200_000 + 3_600_000, "8d")]
    public void Formats_like_apimachinery(string name, long milliseconds, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Theory]
    [InlineData("last days bucket", 729, "729d")]
    [InlineData("two years", 730, "2y")]
    [InlineData("years and days", 731, "2y1d")]
    [InlineData("under eight years", 8 * 365 - 1, "7y364d")]
    [InlineData("eight years", 8 * 365 + 40, "8y")]
    public void Formats_days_and_years(string name, int days, string expected)
    {
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromDays(days)));
    }
}
