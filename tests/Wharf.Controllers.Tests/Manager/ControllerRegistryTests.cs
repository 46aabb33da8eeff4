using Wharf.Controllers.Manager;

namespace Wharf.Controllers.Tests.Manager;

public class ControllerRegistryTests
{
    [Theory]
    [InlineData("explicit list", new[] { "serviceaccount" }, new[] { "serviceaccount" })]
    [InlineData("nothing", new string[0], new string[0])]
    public void Select_FollowsUpstreamRules(string name, string[] selection, string[] expected)
    {
        _ = name;
        Assert.Equal(expected, ControllerRegistry.Select(selection).Select(e => e.Name));
    }

    [Fact]
    public void Select_Star_IsEveryRegisteredController_AndMinusLeavesOneOut()
    {
        var all = ControllerRegistry.All.Select(e => e.Name).ToList();
        Assert.Contains("namespace", all);
        Assert.Equal(all, ControllerRegistry.Select(["*"]).Select(e => e.Name));
        Assert.Equal(all.Where(n => n != "namespace"), ControllerRegistry.Select(["*", "-namespace"]).Select(e => e.Name));
    }

    [Fact]
    public void Select_UnknownName_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => ControllerRegistry.Select(["garbage"]));
        Assert.Contains("garbage", error.Message);
    }
}
