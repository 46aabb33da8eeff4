using Wharf.Controllers.NodeIpam;

namespace Wharf.Controllers.Tests.NodeIpam;

public sealed class CidrAllocatorTests
{
    [Theory]
    [InlineData("first free", new string[0], "10.42.0.0/24")]
    [InlineData("skips taken", new[] { "10.42.0.0/24", "10.42.1.0/24" }, "10.42.2.0/24")]
    [InlineData("reuses a gap", new[] { "10.42.1.0/24" }, "10.42.0.0/24")]
    [InlineData("ignores subnets not its own", new[] { "10.43.0.0/24", "10.42.0.0/25" }, "10.42.0.0/24")]
    [InlineData("past the first bitmap word", new[] { "10.42.0.0/24", "10.42.64.0/24" }, "10.42.1.0/24")]
    public void Reserve_PicksTheLowestSubnetNoNodeHas(string name, string[] observed, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var allocator = new CidrAllocator("10.42.0.0/16");
        foreach (var cidr in observed) allocator.Observe(cidr);
        Assert.Equal(expected, allocator.Reserve("n"));
    }

    [Fact]
    public void Reserve_SkipsSubnetsReservedForOtherNodes_AndGivesANodeItsOwnAgain()
    {
        var allocator = new CidrAllocator("10.42.0.0/16");
        Assert.Equal("10.42.0.0/24", allocator.Reserve("a"));
        Assert.Equal("10.42.1.0/24", allocator.Reserve("b"));
        Assert.Equal("10.42.0.0/24", allocator.Reserve("a"));
        Assert.True(allocator.IsReserved("a"));
        Assert.False(allocator.IsReserved("c"));
    }

    [Fact]
    public void ReleaseAndForget_FreeTheSubnetForTheNextNode()
    {
        var allocator = new CidrAllocator("10.42.0.0/16");
        allocator.Observe("10.42.0.0/24");
        Assert.Equal("10.42.1.0/24", allocator.Reserve("a"));

        allocator.Release("a");
        Assert.False(allocator.IsReserved("a"));
        Assert.Equal("10.42.1.0/24", allocator.Reserve("b"));
        allocator.Forget("10.42.0.0/24");
        Assert.Equal("10.42.0.0/24", allocator.Reserve("c"));
    }

    [Theory]
    [InlineData("10.42.0.0/23", 2)]  // fewer subnets than one bitmap word holds
    [InlineData("10.42.0.0/17", 128)] // exactly two words
    public void Reserve_ReturnsNull_WhenEverySubnetIsTaken(string cluster, int capacity)
    {
        var allocator = new CidrAllocator(cluster);
        Assert.Equal(capacity, allocator.Capacity);
        allocator.Observe("10.42.0.0/24");
        for (var i = 1; i < capacity; i++)
            Assert.NotNull(allocator.Reserve($"n{i}"));
        Assert.Null(allocator.Reserve("one-too-many"));
        Assert.False(allocator.IsReserved("one-too-many"));
    }

    [Theory]
    [InlineData("10.42.7.0/24", true)]
    [InlineData("10.43.0.0/24", false)]
    [InlineData("10.42.0.0/25", false)]
    [InlineData("not a cidr", false)]
    public void Contains_OnlyNodeSubnetsOfTheClusterCidr(string cidr, bool expected) =>
        Assert.Equal(expected, new CidrAllocator("10.42.0.0/16").Contains(cidr));
}
