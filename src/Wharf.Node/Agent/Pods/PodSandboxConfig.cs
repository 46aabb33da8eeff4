using k8s.Models;
using Wharf.Node.Cri.V1;
using Wharf.Node.Logs;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// What a pod's sandbox is made with, derived from the pod spec and the node's settings: the CRI sandbox spec
/// (hostname, DNS, host ports, cgroup parent by QoS class, log directory) and the /etc/hosts file its containers mount.
/// </summary>
internal sealed class PodSandboxConfig(PodAgentContext context)
{
    /// <summary>The sandbox spec of <paramref name="pod"/>'s attempt number <paramref name="attempt"/>.</summary>
    public PodSandboxSpec Spec(V1Pod pod, uint attempt, string qos, Dictionary<string, string> labels)
    {
        var hostNetwork = pod.Spec.HostNetwork == true;
        var hostname = hostNetwork ? Environment.MachineName.ToLowerInvariant() : Hostname(pod);
        return new PodSandboxSpec
        {
            Name = pod.Metadata.Name,
            Namespace = pod.Metadata.NamespaceProperty,
            Uid = pod.Metadata.Uid,
            Attempt = attempt,
            Hostname = hostname,
            LogDirectory = PodLogPaths.PodDirectory(context.Options.EffectivePodLogDirectory, pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid),
            Dns = DnsConfigBuilder.Build(pod.Spec, pod.Metadata.NamespaceProperty, context.Options.ClusterDnsIp, context.Options.ClusterDomain, context.Node.HostDns),
            Ports = (pod.Spec.Containers ?? []).SelectMany(c => c.Ports ?? []).Where(p => p.HostPort is > 0)
                .Select(p => new PortSpec(p.ContainerPort, p.HostPort!.Value, p.Protocol == "UDP" ? Protocol.Udp : Protocol.Tcp, p.HostIP ?? "")).ToList(),
            Labels = labels,
            Annotations = pod.Metadata.Annotations is { } a ? new Dictionary<string, string>(a) : new Dictionary<string, string>(),
            CgroupParent = CgroupParent(pod, qos),
            HostNetwork = hostNetwork,
        };
    }

    /// <summary>The pod's cgroup under the node's cgroup root, by QoS class (kubelet's layout).</summary>
    public string CgroupParent(V1Pod pod, string qos)
    {
        var root = context.Options.CgroupRoot.TrimEnd('/');
        return qos switch
        {
            QosClass.Guaranteed => $"{root}/pod{pod.Metadata.Uid}",
            QosClass.Burstable => $"{root}/burstable/pod{pod.Metadata.Uid}",
            _ => $"{root}/besteffort/pod{pod.Metadata.Uid}",
        };
    }

    /// <summary>spec.hostname, else the pod name, cut to 63 characters as a DNS label must be.</summary>
    internal static string Hostname(V1Pod pod)
    {
        var name = pod.Spec.Hostname is { Length: > 0 } h ? h : pod.Metadata.Name;
        return name.Length > 63 ? name[..63].TrimEnd('-', '.') : name;
    }

    /// <summary>Writes the pod's /etc/hosts (when it changed) and returns its path; null for a host-network pod.</summary>
    public string? WriteHostsFile(V1Pod pod, string hostname, string podIp)
    {
        if (pod.Spec.HostNetwork == true)
            return null;
        var path = Path.Combine(context.Volumes.PodDirectory(pod.Metadata.Uid), "etc-hosts");
        var content = HostsFile.Render(pod.Spec, pod.Metadata.NamespaceProperty, hostname, podIp, context.Options.ClusterDomain);
        if (!File.Exists(path) || File.ReadAllText(path) != content)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, content);
        }
        return path;
    }
}
