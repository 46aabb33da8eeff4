using Wharf.Node.Host;

namespace Wharf.Node.Cni;

/// <summary>The node's CNI network on disk and in the kernel: writes its conflist, and removes all of it again.</summary>
public sealed class PodNetwork(CniOptions options, string ipPath = "/usr/sbin/ip")
{
    public CniOptions Options { get; } = options;

    public void WriteConflist() => CniConfig.Write(Options);

    public bool BridgeExists() => Directory.Exists(Path.Combine("/sys/class/net", Options.BridgeName));

    /// <summary>
    /// Deletes the conflist, the bridge the bridge plugin created and host-local's leases. For tests and node
    /// teardown; the pods' own veths and netns go with their sandboxes.
    /// </summary>
    public async Task RemoveAsync(CancellationToken cancellationToken)
    {
        if (File.Exists(Options.ConflistPath))
            File.Delete(Options.ConflistPath);
        if (BridgeExists())
            (await ProcessRunner.RunAsync(ipPath, ["link", "del", Options.BridgeName], cancellationToken))
                .EnsureSuccess($"ip link del {Options.BridgeName}");
        var leases = Path.Combine(Options.IpamDataDir, Options.NetworkName);
        if (Directory.Exists(leases))
            Directory.Delete(leases, recursive: true);
    }
}
