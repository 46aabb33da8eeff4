using k8s.Models;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Tests.PodControl;

public sealed class ModelWarmUpTests
{
    [Fact]
    public void Run_CompletesOverItsSamples()
    {
        ModelWarmUp.Run();
    }

    [Fact]
    public void Samples_ReachTheConvertersOfADeploymentPass()
    {
        // The warm-up is only worth its CPU if the samples go through what a pass converts: quantities, int-or-string,
        // dates, conditions, owner-less metadata with managedFields (dropped from answers).
        var d = ModelJson.ToModel<V1Deployment>(ModelWarmUp.Deployment());
        var container = d.Spec.Template.Spec.Containers.Single();
        Assert.Equal("10m", container.Resources.Requests["cpu"].ToString());
        Assert.Equal("25%", d.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        Assert.Equal(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), d.Status.Conditions.Single().LastTransitionTime?.ToUniversalTime());
        var rs = ModelJson.AnswerToModel<V1ReplicaSet>(ModelWarmUp.ReplicaSet(ModelWarmUp.Deployment()));
        Assert.Null(rs.Metadata.ManagedFields);
        Assert.Equal("warm-up", rs.Spec.Selector.MatchLabels["app"]);
    }
}
