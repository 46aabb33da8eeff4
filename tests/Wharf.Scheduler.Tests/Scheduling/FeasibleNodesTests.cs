using Wharf.Scheduler.Scheduling;

namespace Wharf.Scheduler.Tests.Scheduling;

public class FeasibleNodesTests
{
    [Theory]
    [InlineData("small clusters are scanned fully", 50, null, 50)]
    [InlineData("exactly the minimum", 100, null, 100)]
    [InlineData("adaptive 50 - 1000/125 = 42%", 1000, null, 420)]
    [InlineData("adaptive 50 - 5000/125 = 10%", 5000, null, 500)]
    [InlineData("adaptive floor of 5%", 6000, null, 300)]
    [InlineData("adaptive at 10000 nodes", 10000, 0, 500)]
    [InlineData("explicit 30%", 1000, 30, 300)]
    [InlineData("explicit 100% means all", 5000, 100, 5000)]
    [InlineData("never fewer than 100", 150, 10, 100)]
    public void NumToFind(string name, int nodes, int? percentage, int expected)
    {
        Assert.Equal(expected, FeasibleNodes.NumToFind(nodes, percentage));
        Assert.NotNull(name);
    }
}
