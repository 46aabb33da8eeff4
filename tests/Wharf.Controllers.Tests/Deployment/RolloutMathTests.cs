using k8s.Models;
using Wharf.Controllers.Deployment;

namespace Wharf.Controllers.Tests.Deployment;

public sealed class RolloutMathTests
{
    [Theory]
    [InlineData("defaults on 10", "25%", "25%", 10, 3, 2)]
    [InlineData("defaults on 1", "25%", "25%", 1, 1, 0)]
    [InlineData("both zero forces one unavailable", "0", "0%", 4, 0, 1)]
    [InlineData("absolute numbers", "2", "1", 5, 2, 1)]
    public void FencepostsRoundSurgeUpAndUnavailabilityDown(string name, string surge, string unavailable, int replicas, int wantSurge, int wantUnavailable)
    {
        _ = name;
        Assert.Equal((wantSurge, wantUnavailable), RolloutMath.ResolveFenceposts(surge, unavailable, replicas));
    }

    /// <summary>replicas 4, maxSurge 1: the ReplicaSets' spec.replicas add up to five at most (upstream's bound; the pods
    /// an old ReplicaSet still reports do not hold the new one back).</summary>
    [Theory]
    [InlineData("first surge step", 4, 4, 0, 0, 1)]
    [InlineData("old scaled down, its pod not yet deleted", 3, 4, 1, 1, 2)]
    [InlineData("old reports the pod terminating", 3, 3, 1, 1, 2)]
    [InlineData("new pods not created yet count by spec", 3, 3, 2, 0, 2)]
    [InlineData("old gone", 0, 0, 2, 2, 4)]
    public void NewReplicaSetGrowsOnlyInsideTheSurge_CountedOnSpecReplicas(
        string name, int oldSpec, int oldReported, int newSpec, int newReported, int want)
    {
        _ = name;
        var d = new V1Deployment
        {
            Metadata = new V1ObjectMeta(),
            Spec = new V1DeploymentSpec
            {
                Replicas = 4,
                Strategy = new V1DeploymentStrategy { Type = "RollingUpdate", RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "1", MaxUnavailable = "0" } },
            },
        };
        V1ReplicaSet Rs(int spec, int reported) => new()
        {
            Metadata = new V1ObjectMeta(),
            Spec = new V1ReplicaSetSpec { Replicas = spec },
            Status = new V1ReplicaSetStatus { Replicas = reported },
        };
        var newRs = Rs(newSpec, newReported);

        Assert.Equal(want, RolloutMath.NewReplicaSetReplicas(d, [Rs(oldSpec, oldReported), newRs], newRs));
    }

    [Fact]
    public void TemplateHash_IsStableUsesTheSafeAlphabetAndMovesWithCollisionCount()
    {
        var template = new V1PodTemplateSpec
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = "nginx" }] },
        };
        var hash = PodTemplateHash.Compute(template, null);
        Assert.Equal(hash, PodTemplateHash.Compute(template, null));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$", hash);
        Assert.NotEqual(hash, PodTemplateHash.Compute(template, 1));
        template.Spec.Containers[0].Image = "nginx:2";
        Assert.NotEqual(hash, PodTemplateHash.Compute(template, null));
    }

    [Fact]
    public void EqualIgnoreHash_IgnoresOnlyThePodTemplateHashLabel()
    {
        V1PodTemplateSpec T(string image, string? hash) => new()
        {
            Metadata = new V1ObjectMeta { Labels = hash is null ? new Dictionary<string, string> { ["app"] = "web" } : new Dictionary<string, string> { ["app"] = "web", [PodTemplateHash.Label] = hash } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
        };
        Assert.True(RolloutMath.EqualIgnoreHash(T("a", null), T("a", "xyz")));
        Assert.False(RolloutMath.EqualIgnoreHash(T("a", null), T("b", "xyz")));
    }
}
