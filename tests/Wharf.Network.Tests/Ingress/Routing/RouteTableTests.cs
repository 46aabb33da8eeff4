using Wharf.Network.Ingress.Routing;

namespace Wharf.Network.Tests.Ingress.Routing;

public sealed class RouteTableTests
{
    private static RouteTable Table(params IngressBuilder[] ingresses) =>
        RouteTable.Build(ingresses.Select(i => IngressSpecReader.Read(i.Json)));

    private static string? Route(RouteTable table, string host, string path) => table.Match(host, path)?.Backend.Service;

    [Theory]
    [InlineData("longest prefix wins", "/api/v1/users", "v1")]
    [InlineData("shorter prefix still matches", "/api/other", "api")]
    [InlineData("root catches the rest", "/static/app.js", "root")]
    [InlineData("exact beats prefix of the same length", "/api/v1", "exact")]
    [InlineData("exact needs equality", "/api/v1/", "v1")]
    public void LongestPathFirstAndExactBeforePrefix(string _, string path, string expected)
    {
        var table = Table(new IngressBuilder("ing")
            .Rule("a.test", "/", "Prefix", "root", 80)
            .Rule("a.test", "/api", "ImplementationSpecific", "api", 80)
            .Rule("a.test", "/api/v1", "Prefix", "v1", 80)
            .Rule("a.test", "/api/v1", "Exact", "exact", 80));

        Assert.Equal(expected, Route(table, "a.test", path));
    }

    [Theory]
    [InlineData("exact host", "a.test", "exact")]
    [InlineData("host case and trailing dot ignored", "A.Test.", "exact")]
    [InlineData("wildcard covers one label", "x.wild.test", "wild")]
    [InlineData("wildcard does not cover two labels", "x.y.wild.test", "hostless")]
    [InlineData("wildcard does not cover the bare domain", "wild.test", "hostless")]
    [InlineData("unknown host falls to hostless rules", "other.test", "hostless")]
    [InlineData("exact host beats wildcard", "a.wild.test", "precise")]
    public void HostRulesBeforeHostless(string _, string host, string expected)
    {
        var table = Table(new IngressBuilder("ing")
            .Rule("a.test", "/", "Prefix", "exact", 80)
            .Rule("*.wild.test", "/", "Prefix", "wild", 80)
            .Rule("a.wild.test", "/", "Prefix", "precise", 80)
            .Rule(null, "/", "Prefix", "hostless", 80));

        Assert.Equal(expected, Route(table, host, "/x"));
    }

    [Fact]
    public void HostWithoutMatchingPathFallsThroughToHostlessRules()
    {
        var table = Table(new IngressBuilder("ing").Rule("a.test", "/api", "Prefix", "api", 80).Rule(null, "/", "Prefix", "hostless", 80));

        Assert.Equal("hostless", Route(table, "a.test", "/web"));
    }

    [Fact]
    public void NothingMatchingAndNoDefaultBackendIsNull()
    {
        var table = Table(new IngressBuilder("ing").Rule("a.test", "/api", "Prefix", "api", 80));

        Assert.Null(table.Match("a.test", "/web"));
        Assert.Null(table.Match("b.test", "/api"));
    }

    [Theory]
    [InlineData("unmatched host uses the cluster default", "b.test", "/x", "fallback")]
    [InlineData("matched path still wins", "a.test", "/api", "api")]
    public void DefaultBackendOfAnIngressWithoutHostsCatchesEverything(string _, string host, string path, string expected)
    {
        var table = Table(
            new IngressBuilder("rules").Rule("a.test", "/api", "Prefix", "api", 80),
            new IngressBuilder("catch-all").Default("fallback", 80));

        Assert.Equal(expected, Route(table, host, path));
    }

    [Theory]
    [InlineData("its host's unmatched path", "a.test", "/nothing", "host-default")]
    [InlineData("other hosts are not its business", "b.test", "/nothing", null)]
    public void DefaultBackendOfAnIngressWithHostsCoversThoseHosts(string _, string host, string path, string? expected)
    {
        var table = Table(new IngressBuilder("ing").Rule("a.test", "/api", "Prefix", "api", 80).Default("host-default", 80));

        Assert.Equal(expected, Route(table, host, path));
    }

    [Fact]
    public void OlderIngressWinsTheSameHostAndPath()
    {
        var older = new IngressBuilder("old", created: "2026-01-01T00:00:00Z").Rule("a.test", "/", "Prefix", "old", 80);
        var newer = new IngressBuilder("new", created: "2026-02-01T00:00:00Z").Rule("a.test", "/", "Prefix", "new", 80);

        var table = Table(older, newer);

        Assert.Equal("old", Route(table, "a.test", "/"));
        Assert.Equal("default/old", table.Match("a.test", "/")!.Ingress);
    }

    [Theory]
    [InlineData("by number", 8080, 8080, null)]
    [InlineData("by name", "http", null, "http")]
    public void BackendPortIsNumberOrName(string _, object port, int? number, string? name)
    {
        var table = Table(new IngressBuilder("ing", ns: "shop").Rule("a.test", "/", "Prefix", "svc", port));

        Assert.Equal(new IngressBackend("shop", "svc", number, name), table.Match("a.test", "/")!.Backend);
    }
}
