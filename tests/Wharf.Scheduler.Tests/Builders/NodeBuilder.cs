using k8s.Models;

namespace Wharf.Scheduler.Tests.Builders;

/// <summary>Fluent node fixture; defaults to 4 cpu, 8Gi memory, 110 pods, labelled with its hostname.</summary>
internal sealed class NodeBuilder
{
    private readonly V1Node _node;

    public NodeBuilder(string name)
    {
        _node = new V1Node
        {
            ApiVersion = "v1",
            Kind = "Node",
            Metadata = new V1ObjectMeta { Name = name, Uid = "node-" + name, Labels = new Dictionary<string, string> { ["kubernetes.io/hostname"] = name } },
            Spec = new V1NodeSpec(),
            Status = new V1NodeStatus
            {
                Allocatable = new Dictionary<string, ResourceQuantity>
                {
                    ["cpu"] = new("4"),
                    ["memory"] = new("8Gi"),
                    ["pods"] = new("110"),
                    ["ephemeral-storage"] = new("100Gi"),
                },
            },
        };
        _node.Status.Capacity = _node.Status.Allocatable;
    }

    public static NodeBuilder Make(string name) => new(name);

    public NodeBuilder Capacity(params (string Name, string Quantity)[] alloc)
    {
        foreach (var (n, q) in alloc) _node.Status.Allocatable[n] = new ResourceQuantity(q);
        return this;
    }

    public NodeBuilder Label(string k, string v) { _node.Metadata.Labels[k] = v; return this; }
    public NodeBuilder Zone(string zone) => Label("topology.kubernetes.io/zone", zone);
    public NodeBuilder Unschedulable() { _node.Spec.Unschedulable = true; return this; }

    public NodeBuilder Taint(string key, string? value, string effect)
    {
        (_node.Spec.Taints ??= []).Add(new V1Taint { Key = key, Value = value, Effect = effect });
        return this;
    }

    public NodeBuilder Image(string name, long sizeBytes)
    {
        (_node.Status.Images ??= []).Add(new V1ContainerImage { Names = [name], SizeBytes = sizeBytes });
        return this;
    }

    public V1Node Obj() => _node;

    public static implicit operator V1Node(NodeBuilder b) => b._node;
}
