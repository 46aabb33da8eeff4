using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.ImageLocality;
using Wharf.Scheduler.Tests.Builders;
using Wharf.Scheduler.Tests.Fakes;

namespace Wharf.Scheduler.Tests.Plugins.ImageLocality;

public class ImageLocalityTests
{
    private const long Mb = 1024 * 1024;

    [Theory]
    [InlineData("below the minimum threshold", 10 * Mb, 1, 0)]
    [InlineData("at the container maximum", 1000 * Mb, 1, 100)]
    [InlineData("above the maximum is capped", 5000 * Mb, 1, 100)]
    [InlineData("half way", 511 * Mb + Mb / 2, 1, 50)]
    [InlineData("two containers double the maximum", 1000 * Mb, 2, 49)]
    public void CalculatePriority(string name, long sum, int containers, long expected)
    {
        Assert.Equal(expected, ImageLocalityPlugin.CalculatePriority(sum, containers));
        Assert.NotNull(name);
    }

    [Fact]
    public void Score_ScalesByImageSpread()
    {
        var nodes = new[]
        {
            NodeBuilder.Make("has").Image("nginx:1.25", 600 * Mb).Obj(),
            NodeBuilder.Make("also").Image("docker.io/library/other", 600 * Mb).Image("nginx:1.25", 600 * Mb).Obj(),
            NodeBuilder.Make("none").Obj(),
        };
        var fw = TestFramework.Create(nodes, null, PluginNames.ImageLocality);

        var scores = fw.RunScore(PodBuilder.Make().Image("nginx:1.25"));

        // 600MB × 2/3 nodes = 400MB → (400−23)/(1000−23) → 38.
        Assert.Equal(38, scores["has"]);
        Assert.Equal(38, scores["also"]);
        Assert.Equal(0, scores["none"]);
    }

    [Fact]
    public void Score_ImplicitLatestTagMatches()
    {
        var fw = TestFramework.Create([NodeBuilder.Make("n").Image("redis:latest", 1000 * Mb)], null, PluginNames.ImageLocality);

        Assert.Equal(100, fw.RunScore(PodBuilder.Make().Image("redis"))["n"]);
    }
}
