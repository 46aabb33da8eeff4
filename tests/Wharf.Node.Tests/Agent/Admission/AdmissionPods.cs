using k8s.Models;

namespace Wharf.Node.Tests.Agent.Admission;

/// <summary>Small builders for the pods and the node the admission tests use.</summary>
internal static class AdmissionPods
{
    public const string NodeName = "node-a";

    public static V1Node TestNode(string cpu = "2", string memory = "4Gi", string pods = "110", string storage = "10Gi",
        IDictionary<string, string>? labels = null, IList<V1Taint>? taints = null, IDictionary<string, string>? extra = null)
    {
        var allocatable = new Dictionary<string, ResourceQuantity>
        {
            ["cpu"] = new(cpu),
            ["memory"] = new(memory),
            ["pods"] = new(pods),
            ["ephemeral-storage"] = new(storage),
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
            allocatable[name] = new ResourceQuantity(value);
        return new V1Node
        {
            Metadata = new V1ObjectMeta { Name = NodeName, Labels = labels ?? new Dictionary<string, string> { ["kubernetes.io/hostname"] = NodeName } },
            Spec = new V1NodeSpec { Taints = taints },
            Status = new V1NodeStatus { Allocatable = allocatable },
        };
    }

    public static V1Container Container(string name, params (string Name, string Value)[] requests) => new()
    {
        Name = name,
        Image = "busybox",
        Resources = new V1ResourceRequirements
        {
            Requests = requests.ToDictionary(r => r.Name, r => new ResourceQuantity(r.Value)),
        },
    };

    public static V1Pod Pod(string name, params (string Name, string Value)[] requests) =>
        Pod(name, [Container("main", requests)]);

    public static V1Pod Pod(string name, IList<V1Container> containers, IList<V1Container>? init = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default", Uid = "uid-" + name },
        Spec = new V1PodSpec { NodeName = NodeName, Containers = containers, InitContainers = init },
    };
}
