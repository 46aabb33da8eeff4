using k8s.Models;

namespace Wharf.Scheduler.Tests.Builders;

/// <summary>Fluent pod fixture, in the spirit of upstream's st.MakePod().</summary>
internal sealed class PodBuilder
{
    private static int s_counter;
    private readonly V1Pod _pod;

    public PodBuilder(string name = "", string ns = "default")
    {
        if (name.Length == 0) name = "pod-" + Interlocked.Increment(ref s_counter);
        _pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns, Uid = $"uid-{ns}-{name}", CreationTimestamp = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc) },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "pause" }], SchedulerName = "default-scheduler" },
            Status = new V1PodStatus { Phase = "Pending" },
        };
    }

    public static PodBuilder Make(string name = "", string ns = "default") => new(name, ns);

    public PodBuilder Uid(string uid) { _pod.Metadata.Uid = uid; return this; }
    public PodBuilder Node(string node) { _pod.Spec.NodeName = node; _pod.Status.Phase = "Running"; return this; }
    public PodBuilder Priority(int p) { _pod.Spec.Priority = p; return this; }
    public PodBuilder PreemptNever() { _pod.Spec.PreemptionPolicy = "Never"; return this; }
    public PodBuilder SchedulerName(string n) { _pod.Spec.SchedulerName = n; return this; }
    public PodBuilder StartTime(DateTime t) { _pod.Status.StartTime = t; return this; }
    public PodBuilder Terminating() { _pod.Metadata.DeletionTimestamp = DateTime.UtcNow; return this; }
    public PodBuilder NominatedNode(string n) { _pod.Status.NominatedNodeName = n; return this; }
    public PodBuilder Gate(string name) { (_pod.Spec.SchedulingGates ??= []).Add(new V1PodSchedulingGate { Name = name }); return this; }

    public PodBuilder Label(string k, string v) { (_pod.Metadata.Labels ??= new Dictionary<string, string>())[k] = v; return this; }

    /// <summary>Requests of the (single) app container, e.g. Req(("cpu","500m"),("memory","1Gi")).</summary>
    public PodBuilder Req(params (string Name, string Quantity)[] req)
    {
        _pod.Spec.Containers[0].Resources = new V1ResourceRequirements { Requests = req.ToDictionary(r => r.Name, r => new ResourceQuantity(r.Quantity)) };
        return this;
    }

    /// <summary>Adds another app container with the given requests.</summary>
    public PodBuilder Container(params (string Name, string Quantity)[] req)
    {
        _pod.Spec.Containers.Add(new V1Container { Name = "c" + _pod.Spec.Containers.Count, Image = "pause", Resources = new V1ResourceRequirements { Requests = req.ToDictionary(r => r.Name, r => new ResourceQuantity(r.Quantity)) } });
        return this;
    }

    public PodBuilder Image(string image) { _pod.Spec.Containers[0].Image = image; return this; }

    public PodBuilder InitReq(bool sidecar, params (string Name, string Quantity)[] req)
    {
        (_pod.Spec.InitContainers ??= []).Add(new V1Container
        {
            Name = "init" + _pod.Spec.InitContainers.Count,
            Image = "busybox",
            RestartPolicy = sidecar ? "Always" : null,
            Resources = new V1ResourceRequirements { Requests = req.ToDictionary(r => r.Name, r => new ResourceQuantity(r.Quantity)) },
        });
        return this;
    }

    public PodBuilder Overhead(params (string Name, string Quantity)[] o) { _pod.Spec.Overhead = o.ToDictionary(r => r.Name, r => new ResourceQuantity(r.Quantity)); return this; }

    public PodBuilder HostPort(int port, string protocol = "TCP", string? hostIp = null)
    {
        (_pod.Spec.Containers[0].Ports ??= []).Add(new V1ContainerPort { ContainerPort = port, HostPort = port, Protocol = protocol, HostIP = hostIp });
        return this;
    }

    public PodBuilder Volume(V1Volume volume) { (_pod.Spec.Volumes ??= []).Add(volume); return this; }

    public PodBuilder NodeSelector(string k, string v) { (_pod.Spec.NodeSelector ??= new Dictionary<string, string>())[k] = v; return this; }

    public PodBuilder Toleration(string key, string op = "Equal", string? value = null, string? effect = null)
    {
        (_pod.Spec.Tolerations ??= []).Add(new V1Toleration { Key = key, OperatorProperty = op, Value = value, Effect = effect });
        return this;
    }

    private V1NodeAffinity NodeAffinity => (_pod.Spec.Affinity ??= new V1Affinity()).NodeAffinity ??= new V1NodeAffinity();

    public PodBuilder RequiredNodeAffinity(string key, string op, params string[] values)
    {
        var sel = NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= new V1NodeSelector { NodeSelectorTerms = [] };
        sel.NodeSelectorTerms.Add(new V1NodeSelectorTerm { MatchExpressions = [Requirement(key, op, values.Length == 0 ? null : values)] });
        return this;
    }

    public PodBuilder RequiredNodeName(params string[] names)
    {
        var sel = NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution ??= new V1NodeSelector { NodeSelectorTerms = [] };
        sel.NodeSelectorTerms.Add(new V1NodeSelectorTerm { MatchFields = [Requirement("metadata.name", "In", names)] });
        return this;
    }

    public PodBuilder PreferredNodeAffinity(int weight, string key, string op, params string[] values)
    {
        (NodeAffinity.PreferredDuringSchedulingIgnoredDuringExecution ??= []).Add(new V1PreferredSchedulingTerm
        {
            Preference = new V1NodeSelectorTerm { MatchExpressions = [Requirement(key, op, values)] },
            Weight = weight,
        });
        return this;
    }

    public PodBuilder PodAffinity(string topologyKey, string labelKey, string labelValue, bool anti = false, int? weight = null, IList<string>? namespaces = null, V1LabelSelector? nsSelector = null)
    {
        var aff = _pod.Spec.Affinity ??= new V1Affinity();
        var term = new V1PodAffinityTerm
        {
            TopologyKey = topologyKey,
            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [labelKey] = labelValue } },
            Namespaces = namespaces,
            NamespaceSelector = nsSelector,
        };
        if (anti)
        {
            var a = aff.PodAntiAffinity ??= new V1PodAntiAffinity();
            if (weight is { } w) (a.PreferredDuringSchedulingIgnoredDuringExecution ??= []).Add(new V1WeightedPodAffinityTerm { PodAffinityTerm = term, Weight = w });
            else (a.RequiredDuringSchedulingIgnoredDuringExecution ??= []).Add(term);
        }
        else
        {
            var a = aff.PodAffinity ??= new V1PodAffinity();
            if (weight is { } w) (a.PreferredDuringSchedulingIgnoredDuringExecution ??= []).Add(new V1WeightedPodAffinityTerm { PodAffinityTerm = term, Weight = w });
            else (a.RequiredDuringSchedulingIgnoredDuringExecution ??= []).Add(term);
        }
        return this;
    }

    public PodBuilder Spread(int maxSkew, string topologyKey, bool hard, string labelKey, string labelValue, int? minDomains = null)
    {
        (_pod.Spec.TopologySpreadConstraints ??= []).Add(new V1TopologySpreadConstraint
        {
            MaxSkew = maxSkew,
            TopologyKey = topologyKey,
            WhenUnsatisfiable = hard ? "DoNotSchedule" : "ScheduleAnyway",
            LabelSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [labelKey] = labelValue } },
            MinDomains = minDomains,
        });
        return this;
    }

    public static V1NodeSelectorRequirement Requirement(string key, string op, IList<string>? values) =>
        new() { Key = key, OperatorProperty = op, Values = values };

    public V1Pod Obj() => _pod;

    public static implicit operator V1Pod(PodBuilder b) => b._pod;
}
