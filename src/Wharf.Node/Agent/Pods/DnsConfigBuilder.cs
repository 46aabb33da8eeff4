using k8s.Models;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Pods;

/// <summary>
/// resolv.conf for a pod by its dnsPolicy, as kubelet builds it: ClusterFirst → the cluster DNS with the
/// namespace's search path and ndots:5 (host's settings for hostNetwork pods), ClusterFirstWithHostNet → the
/// cluster DNS always, Default → the node's resolv.conf, None → dnsConfig only; dnsConfig is merged on top.
/// </summary>
internal static class DnsConfigBuilder
{
    public static DnsSpec Build(V1PodSpec spec, string ns, string clusterDnsIp, string clusterDomain, DnsSpec host)
    {
        var policy = spec.DnsPolicy ?? "ClusterFirst";
        var hostNetwork = spec.HostNetwork == true;
        var useCluster = policy == "ClusterFirstWithHostNet" || (policy == "ClusterFirst" && !hostNetwork);
        var servers = new List<string>();
        var searches = new List<string>();
        var options = new List<string>();
        if (useCluster)
        {
            servers.Add(clusterDnsIp);
            searches.AddRange([$"{ns}.svc.{clusterDomain}", $"svc.{clusterDomain}", clusterDomain]);
            searches.AddRange(host.Searches.Where(s => !searches.Contains(s)));
            options.Add("ndots:5");
        }
        else if (policy != "None")
        {
            servers.AddRange(host.Servers);
            searches.AddRange(host.Searches);
            options.AddRange(host.Options);
        }
        if (spec.DnsConfig is { } extra)
        {
            servers.AddRange((extra.Nameservers ?? []).Where(s => !servers.Contains(s)));
            searches.AddRange((extra.Searches ?? []).Where(s => !searches.Contains(s)));
            foreach (var option in extra.Options ?? [])
            {
                // A dnsConfig option replaces one of the same name.
                options.RemoveAll(o => o.Split(':')[0] == option.Name);
                options.Add(option.Value is null ? option.Name : $"{option.Name}:{option.Value}");
            }
        }
        // resolv.conf honours three nameservers and six search domains.
        return new DnsSpec(servers.Take(3).ToList(), searches.Take(6).ToList(), options);
    }

    /// <summary>Parses the node's resolv.conf.</summary>
    public static DnsSpec ReadHost(string path = "/etc/resolv.conf")
    {
        var servers = new List<string>();
        var searches = new List<string>();
        var options = new List<string>();
        if (File.Exists(path))
        {
            foreach (var raw in File.ReadLines(path))
            {
                var fields = raw.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length < 2 || fields[0].StartsWith('#'))
                    continue;
                switch (fields[0])
                {
                    case "nameserver": servers.Add(fields[1]); break;
                    case "search": searches.Clear(); searches.AddRange(fields.Skip(1)); break;
                    case "options": options.AddRange(fields.Skip(1)); break;
                }
            }
        }
        return new DnsSpec(servers, searches, options);
    }
}
