using Wharf.Controllers.NodeIpam;

namespace Wharf.Controllers.Tests.NodeIpam;

public sealed class CidrAllocatorTests
{
    [Theory]
    [InlineData("first free", new string[0], "10.42.0.0/24")]
    [InlineData("skips taken", new[] { "10.42.0.0/24", "10.42.1.0/24" }, "10.42.2.0/24")]
    [InlineData("reuses a released gap", new[] { "10.42.1.0/24" }, "10.42.0.0/24")]
    public void Allocate_PicksTheLowestFreeSubnet(string name, string[] inUse, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, new CidrAllocator("10.42.0.0/16").Allocate(inUse));
    }

    [Fact]
    public void Allocate_ReturnsNull_WhenExhausted()
    {
        var allocator = new CidrAllocator("10.42.0.0/23");
        Assert.Equal(2, allocator.Capacity);
        Assert.Null(allocator.Allocate(["10.42.0.0/24", "10.42.1.0/24"]));
    }

    [Theory]
    [InlineData("10.42.7.0/24", true)]
    [InlineData("10.43.0.0/24", false)]
    [InlineData("10.42.0.0/25", false)]
    public void Contains_OnlyNodeSubnetsOfTheClusterCidr(string cidr, bool expected) =>
        Assert.Equal(expected, new CidrAllocator("10.42.0.0/16").Contains(cidr));
}
