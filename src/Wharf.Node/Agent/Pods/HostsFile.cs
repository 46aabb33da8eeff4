using k8s.Models;

namespace Wharf.Node.Agent.Pods;

/// <summary>The /etc/hosts kubelet writes for a pod: localhost entries, the pod's own name(s) and hostAliases.</summary>
internal static class HostsFile
{
    public static string Render(V1PodSpec spec, string ns, string hostname, string podIp, string clusterDomain)
    {
        var lines = new List<string>
        {
            "# Kubernetes-managed hosts file.",
            "127.0.0.1\tlocalhost",
            "::1\tlocalhost ip6-localhost ip6-loopback",
            "fe00::0\tip6-localnet",
            "fe00::0\tip6-mcastprefix",
            "fe00::1\tip6-allnodes",
            "fe00::2\tip6-allrouters",
        };
        if (podIp.Length > 0)
        {
            lines.Add(spec.Subdomain is { Length: > 0 } subdomain
                ? $"{podIp}\t{hostname}.{subdomain}.{ns}.svc.{clusterDomain}\t{hostname}"
                : $"{podIp}\t{hostname}");
        }
        foreach (var alias in spec.HostAliases ?? [])
            lines.Add($"{alias.Ip}\t{string.Join('\t', alias.Hostnames ?? [])}");
        return string.Join('\n', lines) + "\n";
    }
}
