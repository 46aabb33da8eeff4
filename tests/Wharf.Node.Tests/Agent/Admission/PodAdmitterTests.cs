using k8s.Models;
using Wharf.Node.Agent.Admission;
using static Wharf.Node.Tests.Agent.Admission.AdmissionPods;

namespace Wharf.Node.Tests.Agent.Admission;

/// <summary>Kubelet admission verdicts with upstream's reasons and messages.</summary>
public sealed class PodAdmitterTests
{
    [Theory]
    [InlineData("cpu", "3", "OutOfcpu", "Node didn't have enough resource: cpu, requested: 3000, used: 500, capacity: 2000")]
    [InlineData("memory", "4Gi", "OutOfmemory", "Node didn't have enough resource: memory, requested: 4294967296, used: 1073741824, capacity: 4294967296")]
    [InlineData("ephemeral-storage", "11Gi", "OutOfephemeral-storage", "Node didn't have enough resource: ephemeral-storage, requested: 11811160064, used: 0, capacity: 10737418240")]
    public void A_request_beyond_allocatable_minus_admitted_pods_is_refused(string resource, string amount, string reason, string message)
    {
        var running = Pod("running", ("cpu", "500m"), ("memory", "1Gi"));
        var admitted = resource == "ephemeral-storage" ? new[] { Pod("other") } : new[] { running };

        var result = PodAdmitter.Admit(Pod("big", (resource, amount)), TestNode(), admitted);

        Assert.False(result.Admit);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(message, result.Message);
    }

    [Theory]
    [InlineData("exactly_what_is_left", "1500m", true)]
    [InlineData("one_millicore_more", "1501m", false)]
    [InlineData("no_request_at_all", "0", true)]
    public void Cpu_fits_up_to_what_the_admitted_pods_leave(string name, string cpu, bool admit)
    {
        _ = name;
        var admitted = new[] { Pod("a", ("cpu", "500m")) };

        Assert.Equal(admit, PodAdmitter.Admit(Pod("new", ("cpu", cpu)), TestNode(cpu: "2"), admitted).Admit);
    }

    [Fact]
    public void The_pods_count_is_checked_first_and_counts_every_admitted_pod()
    {
        var admitted = new[] { Pod("a"), Pod("b") };

        var result = PodAdmitter.Admit(Pod("c", ("cpu", "100")), TestNode(pods: "2"), admitted);

        Assert.Equal(new AdmissionResult(false, "OutOfpods", "Node didn't have enough resource: pods, requested: 1, used: 2, capacity: 2"), result);
    }

    [Fact]
    public void A_big_init_container_is_refused_even_though_the_containers_fit()
    {
        var pod = Pod("p", [Container("app", ("cpu", "100m"))], [Container("init", ("cpu", "4"))]);

        var result = PodAdmitter.Admit(pod, TestNode(cpu: "2"), []);

        Assert.Equal("OutOfcpu", result.Reason);
        Assert.Contains("requested: 4000,", result.Message);
    }

    [Fact]
    public void Pod_overhead_can_tip_a_pod_over()
    {
        var pod = Pod("p", ("cpu", "2"));
        Assert.True(PodAdmitter.Admit(pod, TestNode(cpu: "2"), []).Admit);

        pod.Spec.Overhead = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("10m") };

        Assert.Equal("OutOfcpu", PodAdmitter.Admit(pod, TestNode(cpu: "2"), []).Reason);
    }

    [Theory]
    [InlineData("node_has_two_gpus_one_used", "2", "2", false)]
    [InlineData("node_has_two_gpus_one_asked", "2", "1", true)]
    [InlineData("node_lacks_the_resource_cluster_level", null, "5", true)]
    public void Extended_resources_fit_against_the_node_or_are_ignored_when_it_has_none(string name, string? nodeHas, string asked, bool admit)
    {
        _ = name;
        var extra = nodeHas is null ? null : new Dictionary<string, string> { ["example.com/gpu"] = nodeHas };
        var admitted = new[] { Pod("user", ("example.com/gpu", "1")) };

        var result = PodAdmitter.Admit(Pod("p", ("example.com/gpu", asked)), TestNode(extra: extra), admitted);

        Assert.Equal(admit, result.Admit);
        if (!admit)
            Assert.Equal(new AdmissionResult(false, "OutOfexample.com/gpu", "Node didn't have enough resource: example.com/gpu, requested: 2, used: 1, capacity: 2"), result);
    }

    [Fact]
    public void Huge_pages_the_node_does_not_offer_are_refused()
    {
        var result = PodAdmitter.Admit(Pod("p", ("hugepages-2Mi", "4Mi")), TestNode(), []);

        Assert.Equal("OutOfhugepages-2Mi", result.Reason);
    }

    [Theory]
    [InlineData("selector_matches", "disk", "ssd", true)]
    [InlineData("selector_value_differs", "disk", "hdd", false)]
    [InlineData("selector_label_missing", "zone", "a", false)]
    public void Node_selector_must_match_the_node_labels(string name, string key, string value, bool admit)
    {
        _ = name;
        var pod = Pod("p");
        pod.Spec.NodeSelector = new Dictionary<string, string> { [key] = value };
        var node = TestNode(labels: new Dictionary<string, string> { ["disk"] = "ssd" });

        var result = PodAdmitter.Admit(pod, node, []);

        Assert.Equal(admit, result.Admit);
        if (!admit)
            Assert.Equal(new AdmissionResult(false, "NodeAffinity", "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector"), result);
    }

    [Theory]
    [InlineData("in_matches", "disk", "In", "ssd", true)]
    [InlineData("notin_excludes", "disk", "NotIn", "ssd", false)]
    [InlineData("exists_present", "disk", "Exists", null, true)]
    [InlineData("doesnotexist_present", "disk", "DoesNotExist", null, false)]
    [InlineData("gt_numeric_above", "cores", "Gt", "4", true)]
    [InlineData("lt_numeric_above", "cores", "Lt", "4", false)]
    [InlineData("gt_not_a_number", "disk", "Gt", "4", false)]
    public void Required_node_affinity_expressions_follow_the_operators(string name, string key, string op, string? value, bool admit)
    {
        _ = name;
        var pod = Pod("p");
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = key, OperatorProperty = op, Values = value is null ? null : [value] }] },
                    ],
                },
            },
        };
        var node = TestNode(labels: new Dictionary<string, string> { ["disk"] = "ssd", ["cores"] = "8" });

        Assert.Equal(admit, PodAdmitter.Admit(pod, node, []).Admit);
    }

    [Fact]
    public void Affinity_terms_are_ored_and_match_fields_see_the_node_name()
    {
        var pod = Pod("p");
        pod.Spec.Affinity = new V1Affinity
        {
            NodeAffinity = new V1NodeAffinity
            {
                RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
                {
                    NodeSelectorTerms =
                    [
                        new V1NodeSelectorTerm { MatchExpressions = [new V1NodeSelectorRequirement { Key = "disk", OperatorProperty = "In", Values = ["nvme"] }] },
                        new V1NodeSelectorTerm { MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [NodeName] }] },
                    ],
                },
            },
        };

        Assert.True(PodAdmitter.Admit(pod, TestNode(), []).Admit);
    }

    [Theory]
    [InlineData("same_port_all_addresses", "", 8080, "TCP", false)]
    [InlineData("same_port_other_protocol", "", 8080, "UDP", true)]
    [InlineData("other_port", "", 8081, "TCP", true)]
    [InlineData("specific_address_against_all", "10.0.0.1", 8080, "TCP", false)]
    public void Host_ports_must_be_free(string name, string hostIp, int port, string protocol, bool admit)
    {
        _ = name;
        static V1Pod WithPort(string pod, string ip, int hostPort, string proto)
        {
            var p = Pod(pod);
            p.Spec.Containers[0].Ports = [new V1ContainerPort { ContainerPort = 80, HostIP = ip, HostPort = hostPort, Protocol = proto }];
            return p;
        }
        var admitted = new[] { WithPort("holder", "", 8080, "TCP") };

        var result = PodAdmitter.Admit(WithPort("new", hostIp, port, protocol), TestNode(), admitted);

        Assert.Equal(admit, result.Admit);
        if (!admit)
            Assert.Equal(new AdmissionResult(false, "NodePorts", "Predicate NodePorts failed: node(s) didn't have free ports for the requested pod ports"), result);
    }

    [Theory]
    [InlineData("untolerated_noexecute", "NoExecute", null, false)]
    [InlineData("noschedule_is_the_schedulers_business", "NoSchedule", null, true)]
    [InlineData("tolerated_by_key_and_value", "NoExecute", "Equal", true)]
    [InlineData("tolerated_by_exists", "NoExecute", "Exists", true)]
    public void Only_untolerated_NoExecute_taints_refuse_a_pod(string name, string effect, string? tolerationOperator, bool admit)
    {
        _ = name;
        var pod = Pod("p");
        if (tolerationOperator is not null)
            pod.Spec.Tolerations = [new V1Toleration { Effect = "NoExecute", Key = "dedicated", OperatorProperty = tolerationOperator, Value = tolerationOperator == "Equal" ? "db" : null }];
        var node = TestNode(taints: [new V1Taint { Effect = effect, Key = "dedicated", Value = "db" }]);

        var result = PodAdmitter.Admit(pod, node, []);

        Assert.Equal(admit, result.Admit);
        if (!admit)
            Assert.Equal(new AdmissionResult(false, "TaintToleration", "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate"), result);
    }

    [Fact]
    public void Resources_are_reported_before_affinity_when_both_fail()
    {
        var pod = Pod("p", ("cpu", "64"));
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "nvme" };

        Assert.Equal("OutOfcpu", PodAdmitter.Admit(pod, TestNode(), []).Reason);
    }

    [Theory]
    [InlineData("os_label_windows", true, "PodOSSelectorNodeLabelDoesNotMatch")]
    [InlineData("os_field_windows", false, "PodOSNotSupported")]
    public void A_pod_for_another_os_is_refused(string name, bool viaLabel, string reason)
    {
        _ = name;
        var pod = Pod("p");
        if (viaLabel)
            pod.Metadata.Labels = new Dictionary<string, string> { ["kubernetes.io/os"] = "windows" };
        else
            pod.Spec.Os = new V1PodOS { Name = "windows" };

        Assert.Equal(reason, PodAdmitter.Admit(pod, TestNode(), []).Reason);
    }
}
