using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Tests.Util;

public class LabelCountKeyTests
{
    [Fact]
    public void EqualTriples_FromDistinctStrings_AreOneKey()
    {
        var a = new LabelCountKey("default", "app", "web");
        var b = new LabelCountKey(new string("default".ToCharArray()), new string("app".ToCharArray()), new string("web".ToCharArray()));
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        var counts = new Dictionary<LabelCountKey, int> { [a] = 3 };
        Assert.Equal(3, counts[b]);
    }

    [Theory]
    [InlineData("other", "app", "web")]
    [InlineData("default", "tier", "web")]
    [InlineData("default", "app", "db")]
    [InlineData("default", "app", null)]
    [InlineData("default", "app", "")]
    public void TriplesDifferingInAnyPart_AreDifferentKeys(string ns, string key, string? value) =>
        Assert.NotEqual(new LabelCountKey("default", "app", "web"), new LabelCountKey(ns, key, value));

    [Fact]
    public void SelectorCountKeys_FollowTheNamespaceAsked()
    {
        var selector = LabelSelector.FromMap(new Dictionary<string, string> { ["app"] = "web", ["tier"] = "front" });
        var inA = selector.CountKeys("a");
        var inB = selector.CountKeys("b");
        Assert.All(inA.SelectMany(k => k), k => Assert.Equal("a", k.Namespace));
        Assert.All(inB.SelectMany(k => k), k => Assert.Equal("b", k.Namespace));
        Assert.Equal(["app", "tier"], inB.Select(k => k.Single().Key).Order());
        Assert.Same(inB, selector.CountKeys("b"));
    }
}
