namespace Wharf.E2E.Tests.MultiNode;

/// <summary>
/// A Linux bridge with a unique name in the root namespace, holding the .1 address of a /24 that must be unused on
/// this host: the server listens there and every netns node hangs off it by a veth.
/// </summary>
internal sealed class TestBridge : IAsyncDisposable
{
    private TestBridge(string name, string subnetPrefix)
    {
        Name = name;
        SubnetPrefix = subnetPrefix;
    }

    public string Name { get; }

    /// <summary>The first three octets, e.g. "192.168.237".</summary>
    public string SubnetPrefix { get; }

    public string Address => $"{SubnetPrefix}.1";

    public string HostAddress(int host) => $"{SubnetPrefix}.{host}";

    public static async Task<TestBridge> CreateAsync(string name, string subnetPrefix)
    {
        // Our routes must not shadow anything this host already reaches there.
        var existing = await HostCommand.RunCheckedAsync(HostCommand.Ip, "-4", "route", "show", "match", $"{subnetPrefix}.0/24");
        if (existing.Split('\n').Any(line => line.Length > 0 && !line.StartsWith("default", StringComparison.Ordinal)))
            throw new InvalidOperationException($"{subnetPrefix}.0/24 is already routed on this host:\n{existing}");
        var bridge = new TestBridge(name, subnetPrefix);
        try
        {
            await HostCommand.RunCheckedAsync(HostCommand.Ip, "link", "add", name, "type", "bridge");
            await HostCommand.RunCheckedAsync(HostCommand.Ip, "addr", "add", $"{bridge.Address}/24", "dev", name);
            await HostCommand.RunCheckedAsync(HostCommand.Ip, "link", "set", name, "up");
            return bridge;
        }
        catch
        {
            await bridge.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Directory.Exists($"/sys/class/net/{Name}"))
            await HostCommand.RunCheckedAsync(HostCommand.Ip, "link", "del", Name);
    }
}
