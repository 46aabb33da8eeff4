using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry;

/// <summary>Kube-aware version ordering (apimachinery's version.CompareKubeAwareVersionStrings).</summary>
public sealed class VersionPriorityTests
{
    [Fact]
    public void Of_OrdersLikeUpstreamExample()
    {
        // The order upstream documents: GA by major, then beta, then alpha, each by major then minor; others last.
        string[] expected = ["v10", "v2", "v1", "v11beta2", "v10beta3", "v3beta1", "v12alpha1", "v11alpha2"];
        var shuffled = new[] { "v3beta1", "v1", "v11alpha2", "v10beta3", "v2", "v12alpha1", "v10", "v11beta2" };
        Assert.Equal(expected, shuffled.OrderByDescending(VersionPriority.Of));
    }

    [Theory]
    [InlineData("foo1")]
    [InlineData("v1.2")]
    [InlineData("version1")]
    public void Of_NonKubeVersion_RanksBelowEveryKubeVersion(string other) =>
        Assert.True(VersionPriority.Of(other) < VersionPriority.Of("v1alpha1"));

    [Theory]
    [InlineData("v2", "v1")]
    [InlineData("v1", "v2beta1")]
    [InlineData("v1beta2", "v1beta1")]
    [InlineData("v1beta1", "v2alpha1")]
    public void Of_FirstIsPreferred(string preferred, string other) =>
        Assert.True(VersionPriority.Of(preferred) > VersionPriority.Of(other));
}
