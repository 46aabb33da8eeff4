using System.ComponentModel;

namespace Wharf.Network.Overlay;

/// <summary>
/// When the iptables FORWARD chain drops by default (Docker sets that), forwarded pod traffic would die there whatever
/// our own table says: a drop in any base chain is final. As flannel does, two ACCEPT rules for the cluster CIDR go on
/// top of that chain, marked by a comment so they are found again and removed on teardown. Without iptables, or with
/// an accepting policy, nothing is touched.
/// </summary>
internal sealed class ForwardPolicy(OverlayTools tools)
{
    public const string Comment = "wharf-overlay: cluster CIDR forwarding";

    public async Task<bool> EnsureAsync(CancellationToken ct)
    {
        var chain = await TryRunAsync(["-w", "5", "-S", "FORWARD"], ct);
        if (chain is null || !chain.Succeeded || !chain.StandardOutput.Contains("-P FORWARD DROP", StringComparison.Ordinal))
            return false;
        foreach (var rule in Rules())
        {
            if (!(await tools.IptablesAsync(["-w", "5", "-C", "FORWARD", .. rule], ct)).Succeeded)
                (await tools.IptablesAsync(["-w", "5", "-I", "FORWARD", "1", .. rule], ct)).EnsureSuccess("iptables -I FORWARD");
        }
        return true;
    }

    public async Task RemoveAsync(CancellationToken ct)
    {
        if (await TryRunAsync(["-w", "5", "-S", "FORWARD"], ct) is not { Succeeded: true })
            return;
        foreach (var rule in Rules())
        {
            while ((await tools.IptablesAsync(["-w", "5", "-C", "FORWARD", .. rule], ct)).Succeeded)
                (await tools.IptablesAsync(["-w", "5", "-D", "FORWARD", .. rule], ct)).EnsureSuccess("iptables -D FORWARD");
        }
    }

    private IEnumerable<string[]> Rules()
    {
        var cidr = tools.Options.ClusterCidr;
        yield return ["-s", cidr, "-m", "comment", "--comment", Comment, "-j", "ACCEPT"];
        yield return ["-d", cidr, "-m", "comment", "--comment", Comment, "-j", "ACCEPT"];
    }

    /// <summary>A machine without iptables is fine: there is no FORWARD policy to work around.</summary>
    private async Task<CommandResult?> TryRunAsync(string[] arguments, CancellationToken ct)
    {
        try
        {
            return await tools.IptablesAsync(arguments, ct);
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
