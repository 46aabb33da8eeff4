using Wharf.Node.Host;

namespace Wharf.Node.Agent.Network;

/// <summary>
/// The kernel switches pod networking needs: IPv4 forwarding, and bridged traffic passing the IP netfilter hooks
/// (br_netfilter), without which a reply between two pods on one bridge skips conntrack and a service's
/// DNAT is never undone.
/// </summary>
internal static class KernelForwarding
{
    private const string IpForward = "/proc/sys/net/ipv4/ip_forward";
    private const string BridgeNfCallIptables = "/proc/sys/net/bridge/bridge-nf-call-iptables";

    /// <summary>Sets both switches; returns what could not be set (empty when all is well).</summary>
    public static async Task<IReadOnlyList<string>> EnsureAsync(CancellationToken ct)
    {
        var problems = new List<string>();
        if (!TrySet(IpForward))
            problems.Add($"cannot enable {IpForward}");
        if (!File.Exists(BridgeNfCallIptables))
            await LoadModuleAsync("br_netfilter", ct);
        if (!TrySet(BridgeNfCallIptables))
            problems.Add($"cannot enable {BridgeNfCallIptables} (module br_netfilter): services between pods on one node will not work");
        return problems;
    }

    private static async Task LoadModuleAsync(string module, CancellationToken ct)
    {
        try
        {
            await ProcessRunner.RunAsync("/usr/sbin/modprobe", [module], ct);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No modprobe here (a container, a minimal system): whether the switch exists decides below.
        }
    }

    private static bool TrySet(string path)
    {
        try
        {
            if (File.ReadAllText(path).Trim() != "1")
                File.WriteAllText(path, "1");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
