using k8s.Models;
using Wharf.Node.Agent.Admission;
using static Wharf.Node.Tests.Agent.Admission.AdmissionPods;

namespace Wharf.Node.Tests.Agent.Admission;

/// <summary>The pod's effective request: container sum, init container max (with sidecars), overhead.</summary>
public sealed class PodRequestsTests
{
    [Fact]
    public void Containers_add_up_in_millicores_and_bytes()
    {
        var pod = Pod("p", [Container("a", ("cpu", "250m"), ("memory", "64Mi")), Container("b", ("cpu", "1"), ("memory", "1Mi"))]);

        var requests = PodRequests.Of(pod.Spec);

        Assert.Equal(1250, requests["cpu"]);
        Assert.Equal(65 * 1024 * 1024, requests["memory"]);
    }

    [Theory]
    [InlineData("init_below_the_sum_leaves_the_sum", "300m", 500)]
    [InlineData("init_above_the_sum_wins", "2", 2000)]
    public void An_init_container_counts_only_when_it_is_the_largest(string name, string initCpu, long expectedMilli)
    {
        _ = name;
        var pod = Pod("p", [Container("a", ("cpu", "250m")), Container("b", ("cpu", "250m"))], [Container("init", ("cpu", initCpu))]);

        Assert.Equal(expectedMilli, PodRequests.Of(pod.Spec)["cpu"]);
    }

    [Fact]
    public void A_sidecar_adds_to_the_sum_and_to_every_later_init_container()
    {
        var sidecar = Container("sidecar", ("cpu", "100m"));
        sidecar.RestartPolicy = "Always";
        var pod = Pod("p", [Container("app", ("cpu", "200m"))], [sidecar, Container("migrate", ("cpu", "500m"))]);

        // app + sidecar = 300m; migrate runs beside the sidecar: 600m.
        Assert.Equal(600, PodRequests.Of(pod.Spec)["cpu"]);
    }

    [Fact]
    public void Overhead_is_added_on_top()
    {
        var pod = Pod("p", ("cpu", "100m"));
        pod.Spec.Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("50m"), ["memory"] = new("10Mi") };

        var requests = PodRequests.Of(pod.Spec);

        Assert.Equal(150, requests["cpu"]);
        Assert.Equal(10 * 1024 * 1024, requests["memory"]);
    }

    [Fact]
    public void A_limit_without_a_request_requests_the_limit()
    {
        var container = Container("a");
        container.Resources.Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("750m") };

        Assert.Equal(750, PodRequests.Of(container)["cpu"]);
    }
}
