using Wharf.Controllers.Manager;

namespace Wharf.Controllers.Tests.Manager;

public class ControllerRegistryTests
{
    [Theory]
    [InlineData("star selects all", new[] { "*" }, new[] { "namespace", "serviceaccount", "root-ca-cert-publisher" })]
    [InlineData("star minus one", new[] { "*", "-namespace" }, new[] { "serviceaccount", "root-ca-cert-publisher" })]
    [InlineData("explicit list", new[] { "serviceaccount" }, new[] { "serviceaccount" })]
    [InlineData("nothing", new string[0], new string[0])]
    public void Select_FollowsUpstreamRules(string name, string[] selection, string[] expected)
    {
        _ = name;
        Assert.Equal(expected, ControllerRegistry.Select(selection).Select(e => e.Name));
    }

    [Fact]
    public void Select_UnknownName_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ControllerRegistry.Select(["garbage"]));
        Assert.Contains("garbage", error.Message);
    }
}
