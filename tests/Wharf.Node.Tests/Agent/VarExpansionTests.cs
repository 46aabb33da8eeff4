using Wharf.Node.Agent.Pods;

namespace Wharf.Node.Tests.Agent;

public sealed class VarExpansionTests
{
    private static readonly Dictionary<string, string> Vars = new() { ["A"] = "one", ["B"] = "two" };

    [Theory]
    [InlineData("defined", "$(A)-$(B)", "one-two")]
    [InlineData("undefined stays", "$(C)", "$(C)")]
    [InlineData("escaped dollar", "$$(A)", "$(A)")]
    [InlineData("unclosed stays", "$(A", "$(A")]
    [InlineData("plain dollar", "cost $5", "cost $5")]
    [InlineData("trailing dollar", "x$", "x$")]
    public void Expand_FollowsKubernetesRules(string name, string input, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, VarExpansion.Expand(input, k => Vars.GetValueOrDefault(k)));
    }
}
