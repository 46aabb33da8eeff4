using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Tests.Builders;

namespace Wharf.Scheduler.Tests.Cache;

public class ClusterObjectsTests
{
    [Fact]
    public void OwnerSelectors_MatchByNamespaceAndLabels_AndForgetDeletedOwners()
    {
        var objects = new ClusterObjects();
        var svc = new V1Service { Kind = "Service", Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "a" }, Spec = new V1ServiceSpec { Selector = new Dictionary<string, string> { ["app"] = "web" } } };
        var rs = new V1ReplicaSet { Kind = "ReplicaSet", Metadata = new V1ObjectMeta { Name = "web-1", NamespaceProperty = "a" }, Spec = new V1ReplicaSetSpec { Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } } } };
        objects.Apply(ClusterChangeType.Added, svc);
        objects.Apply(ClusterChangeType.Added, rs);

        Assert.Equal(2, objects.OwnerSelectorsFor(PodBuilder.Make("p", "a").Label("app", "web")).Count);
        Assert.Empty(objects.OwnerSelectorsFor(PodBuilder.Make("p", "b").Label("app", "web")));
        Assert.Empty(objects.OwnerSelectorsFor(PodBuilder.Make("p", "a").Label("app", "db")));

        objects.Apply(ClusterChangeType.Deleted, svc);
        Assert.Single(objects.OwnerSelectorsFor(PodBuilder.Make("p", "a").Label("app", "web")));
    }

    [Fact]
    public void ServiceWithoutSelector_SelectsNothing()
    {
        var objects = new ClusterObjects();
        objects.Apply(ClusterChangeType.Added, new V1Service { Kind = "Service", Metadata = new V1ObjectMeta { Name = "headless", NamespaceProperty = "a" }, Spec = new V1ServiceSpec() });

        Assert.Empty(objects.OwnerSelectorsFor(PodBuilder.Make("p", "a").Label("app", "web")));
    }
}
