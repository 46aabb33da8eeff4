using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Tests.Framework;

public class ScoreBuffersTests
{
    [Theory]
    [InlineData("same shape is reused", 2, 500, 2, 500, true)]
    [InlineData("other node count gets new arrays", 2, 500, 2, 499, false)]
    [InlineData("other plugin count gets new arrays", 2, 500, 3, 500, false)]
    public void Rent_ReusesOnlyTheSameShape(string name, int plugins, int nodes, int plugins2, int nodes2, bool reused)
    {
        var buffers = new ScoreBuffers();
        var first = buffers.Rent(plugins, nodes);
        buffers.Return(first);

        var second = buffers.Rent(plugins2, nodes2);

        Assert.Equal(reused, ReferenceEquals(first, second));
        Assert.Equal(plugins2, second.Length);
        Assert.All(second, a => Assert.Equal(nodes2, a.Length));
        Assert.NotNull(name);
    }

    [Fact]
    public void Rent_WhileRented_GivesOtherArrays()
    {
        var buffers = new ScoreBuffers();
        var first = buffers.Rent(1, 10);

        Assert.NotSame(first, buffers.Rent(1, 10));
    }
}
