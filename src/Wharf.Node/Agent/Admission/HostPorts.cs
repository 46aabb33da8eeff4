using k8s.Models;

namespace Wharf.Node.Agent.Admission;

/// <summary>
/// Host ports a pod claims (containers and sidecars), and whether two claims collide: same protocol and port, and
/// the same address or either one bound to all addresses.
/// </summary>
internal static class HostPorts
{
    private const string AnyAddress = "0.0.0.0";

    public static IEnumerable<(string Ip, string Protocol, int Port)> Of(V1PodSpec spec) =>
        (spec.Containers ?? [])
            .Concat((spec.InitContainers ?? []).Where(c => c.RestartPolicy == "Always"))
            .SelectMany(c => c.Ports ?? [])
            .Where(p => p.HostPort is > 0)
            .Select(p => (p.HostIP is { Length: > 0 } ip ? ip : AnyAddress, p.Protocol is { Length: > 0 } proto ? proto : "TCP", p.HostPort!.Value));

    public static bool Conflict(V1PodSpec pod, IEnumerable<V1PodSpec> others)
    {
        var wanted = Of(pod).ToList();
        if (wanted.Count == 0)
            return false;
        var used = others.SelectMany(Of).ToList();
        return wanted.Any(w => used.Any(u => u.Port == w.Port && u.Protocol == w.Protocol
            && (u.Ip == w.Ip || u.Ip == AnyAddress || w.Ip == AnyAddress)));
    }
}
