using Wharf.Api.Tables.Formatting;

namespace Wharf.Api.Tables.Tests.Formatting;

public sealed class QuantityTests
{
    [Theory]
    [InlineData("canonical binary", "10Gi", "10Gi")]
    [InlineData("binary folds up", "1024Mi", "1Gi")]
    [InlineData("binary that cannot fold", "1536Mi", "1536Mi")]
    [InlineData("fractional binary", "1.5Gi", "1536Mi")]
    [InlineData("small binary prints decimal", "0.5Ki", "512")]
    [InlineData("decimal fraction to milli", "1.5", "1500m")]
    [InlineData("milli folds to unit", "2000m", "2")]
    [InlineData("milli stays", "100m", "100m")]
    [InlineData("thousand to kilo", "1000", "1k")]
    [InlineData("plain integer", "1500", "1500")]
    [InlineData("exponent form kept", "1e3", "1e3")]
    [InlineData("nano", "123456789n", "123456789n")]
    [InlineData("zero", "0", "0")]
    [InlineData("garbage passes through", "lots", "lots")]
    public void Prints_canonical_form(string name, string input, string expected)
    {
        Assert.Equal(expected, Quantity.Canonical(input));
    }
}
