using System.Net;
using Wharf.Network.Dns;

namespace Wharf.Network.Tests.Dns;

public sealed class NameFormsTests
{
    [Theory]
    [InlineData("ipv4", "4.3.2.1.in-addr.arpa", "1.2.3.4")]
    [InlineData("ipv6", "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa", "2001:db8::1")]
    public void ReverseNameGivesTheAddress(string _, string name, string expected)
    {
        Assert.True(ReverseName.TryParse(name.Split('.'), out var address));
        Assert.Equal(IPAddress.Parse(expected), address);
    }

    [Theory]
    [InlineData("too short", "3.2.1.in-addr.arpa")]
    [InlineData("not a number", "x.3.2.1.in-addr.arpa")]
    [InlineData("other zone", "4.3.2.1.example.arpa")]
    public void ReverseNameRejectsOtherNames(string scenario, string name)
    {
        Assert.False(ReverseName.TryParse(name.Split('.'), out IPAddress _), scenario);
    }

    [Theory]
    [InlineData("ipv4", "10.42.0.5", "10-42-0-5")]
    [InlineData("ipv6", "fd00::5", "fd00--5")]
    public void DashedAddressRoundTrips(string _, string address, string label)
    {
        Assert.Equal(label, DashedAddress.Format(IPAddress.Parse(address)));
        Assert.True(DashedAddress.TryParse(label, out var parsed));
        Assert.Equal(IPAddress.Parse(address), parsed);
    }

    [Theory]
    [InlineData("word", "web")]
    [InlineData("three dashes but not numbers", "a-b-c-d")]
    public void DashedAddressRejectsOtherLabels(string scenario, string label)
    {
        Assert.False(DashedAddress.TryParse(label, out IPAddress _), scenario);
    }

    [Fact]
    public void ResolvConfKeepsOnlyNameserverAddresses()
    {
        var servers = ResolvConf.ParseNameservers("""
            # comment
            search example.test
            nameserver 10.0.0.2
            ; nameserver 10.0.0.9
            nameserver   fd00::53
            nameserver not-an-address
            options ndots:5
            """);

        Assert.Equal([IPAddress.Parse("10.0.0.2"), IPAddress.Parse("fd00::53")], servers);
    }

    [Fact]
    public void MissingResolvConfMeansNoUpstreams()
    {
        Assert.Empty(ResolvConf.ReadNameservers(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
    }
}
