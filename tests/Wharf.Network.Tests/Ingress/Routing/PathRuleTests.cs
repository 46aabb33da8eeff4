using Wharf.Network.Ingress.Routing;

namespace Wharf.Network.Tests.Ingress.Routing;

/// <summary>The path matching table of the Ingress API documentation, case by case.</summary>
public sealed class PathRuleTests
{
    private static readonly RouteMatch Target = new(new IngressBackend("default", "svc", 80, null), "default/ing");

    [Theory]
    [InlineData("prefix root matches all", "Prefix", "/", "/aaa/bbb", true)]
    [InlineData("prefix equals path", "Prefix", "/foo", "/foo", true)]
    [InlineData("prefix element boundary", "Prefix", "/foo", "/foo/", true)]
    [InlineData("prefix trailing slash in rule ignored", "Prefix", "/foo/", "/foo", true)]
    [InlineData("prefix is not a string prefix", "Prefix", "/aaa/bb", "/aaa/bbb", false)]
    [InlineData("prefix deeper element", "Prefix", "/aaa/bbb", "/aaa/bbb/ccc", true)]
    [InlineData("prefix longer request element", "Prefix", "/aaa/bbb", "/aaa/bbbxyz", false)]
    [InlineData("prefix case sensitive", "Prefix", "/foo", "/FOO", false)]
    [InlineData("exact equal", "Exact", "/foo", "/foo", true)]
    [InlineData("exact rejects trailing slash", "Exact", "/foo", "/foo/", false)]
    [InlineData("exact rejects deeper path", "Exact", "/foo", "/foo/bar", false)]
    [InlineData("exact case sensitive", "Exact", "/foo", "/Foo", false)]
    public void MatchesAsTheIngressSpecSays(string _, string type, string rulePath, string requestPath, bool expected)
    {
        var rule = new PathRule(rulePath, type == "Exact" ? PathKind.Exact : PathKind.Prefix, Target);

        Assert.Equal(expected, rule.Matches(requestPath));
    }
}
