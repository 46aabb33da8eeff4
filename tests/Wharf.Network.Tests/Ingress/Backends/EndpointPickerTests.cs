using Wharf.Network.Ingress.Backends;

namespace Wharf.Network.Tests.Ingress.Backends;

public sealed class EndpointPickerTests
{
    private static readonly Destination A = Destination.For("10.42.0.1", 8080);
    private static readonly Destination B = Destination.For("10.42.0.2", 8080);
    private static readonly Destination C = Destination.For("10.42.0.3", 8080);

    private readonly ManualTime _time = new();
    private readonly EndpointHealth _health;
    private readonly BackendTarget _target = new(BackendState.Ready, [A, B, C]);

    public EndpointPickerTests() => _health = new EndpointHealth(TimeSpan.FromSeconds(10), _time);

    [Fact]
    public void RoundRobinVisitsEveryEndpointInTurn()
    {
        var picked = Enumerable.Range(0, 6).Select(_ => EndpointPicker.Pick(_target, _health, [])!.Endpoint).ToList();

        Assert.Equal(["10.42.0.1:8080", "10.42.0.2:8080", "10.42.0.3:8080", "10.42.0.1:8080", "10.42.0.2:8080", "10.42.0.3:8080"], picked);
    }

    [Fact]
    public void UnhealthyEndpointIsSkippedUntilItsPeriodEnds()
    {
        _health.ReportFailure(B);

        var during = Enumerable.Range(0, 6).Select(_ => EndpointPicker.Pick(_target, _health, [])).ToList();
        _time.Advance(TimeSpan.FromSeconds(11));
        var after = Enumerable.Range(0, 3).Select(_ => EndpointPicker.Pick(_target, _health, [])).ToList();

        Assert.DoesNotContain(B, during);
        Assert.Contains(B, after);
    }

    [Fact]
    public void AllUnhealthyStillGivesAnEndpoint()
    {
        foreach (var d in new[] { A, B, C }) _health.ReportFailure(d);

        Assert.NotNull(EndpointPicker.Pick(_target, _health, []));
    }

    [Fact]
    public void RetryNeverPicksAnEndpointAlreadyTried()
    {
        Assert.Equal(C, EndpointPicker.Pick(_target, _health, [A, B]));
        Assert.Null(EndpointPicker.Pick(_target, _health, [A, B, C]));
    }

    [Theory]
    [InlineData("ipv4", "10.0.0.1", "http://10.0.0.1:80")]
    [InlineData("ipv6 gets brackets", "fd00::1", "http://[fd00::1]:80")]
    public void DestinationPrefixIsAUrl(string _, string address, string expected)
    {
        Assert.Equal(expected, Destination.For(address, 80).Prefix);
    }
}
