using Wharf.Node.Cni;
using Wharf.Node.Containerd;
using Wharf.Node.Cri;
using Wharf.Node.Host;
using Wharf.Node.Images;

namespace Wharf.Node.Tests.Support;

/// <summary>
/// One real containerd for one test: own temp data dir (root, state, socket), a test-only cluster CIDR routed to
/// unreachable, a test-only bridge name and cgroup parent. <see cref="StopAsync"/> runs the product's own
/// teardown so the test can check <see cref="Leftovers"/>; <see cref="DisposeAsync"/> is the safety net that
/// removes whatever a failed test left behind, acting only on what this environment created.
/// </summary>
internal sealed class NodeTestEnvironment : IAsyncDisposable
{
    private static int _sequence;

    private readonly HashSet<string> _netnsBefore;
    private bool _stopped;

    private NodeTestEnvironment(int index)
    {
        var tag = $"{Environment.ProcessId % 10000}x{index}";
        DataDir = Directory.CreateTempSubdirectory("wharf-node-").FullName;
        // Test-only addresses: 10.199.N.0/24 as "cluster", its lower half as the node's pod CIDR.
        var octet = (Environment.ProcessId + index * 7) % 200 + 20;
        ClusterCidr = $"10.199.{octet}.0/24";
        PodCidr = $"10.199.{octet}.0/25";
        CgroupRoot = "/wharf-test-" + tag;
        Containerd = new ContainerdOptions
        {
            DataDir = DataDir,
            RestartBackoffInitial = TimeSpan.FromMilliseconds(100),
            StopTimeout = TimeSpan.FromSeconds(5),
        };
        Network = new PodNetwork(new CniOptions
        {
            ConfDir = Containerd.CniConfDir,
            PodCidr = PodCidr,
            IpamDataDir = Path.Combine(DataDir, "cni", "networks"),
            NetworkName = "wharf-test-" + tag,
            BridgeName = ("wt" + tag).Length <= 15 ? "wt" + tag : "wt" + tag[^13..],
        });
        Route = new UnreachableRoute(ClusterCidr);
        Supervisor = new ContainerdSupervisor(Containerd);
        _netnsBefore = NetnsNames();
    }

    public string DataDir { get; }

    public string ClusterCidr { get; }

    public string PodCidr { get; }

    public string CgroupRoot { get; }

    public ContainerdOptions Containerd { get; }

    public PodNetwork Network { get; }

    public UnreachableRoute Route { get; }

    public ContainerdSupervisor Supervisor { get; }

    public CriClient? Client { get; private set; }

    public int? ContainerdPid { get; private set; }

    public static async Task<NodeTestEnvironment> StartAsync(bool importImages, CancellationToken cancellationToken)
    {
        if (Environment.UserName != "root")
            throw new InvalidOperationException("the runtime tests need root (they run containerd, runc and CNI)");
        var env = new NodeTestEnvironment(Interlocked.Increment(ref _sequence));
        try
        {
            if (importImages)
                await TestImages.EnsureBuiltAsync();
            await env.Route.EnsureAsync(cancellationToken);
            env.Network.WriteConflist();
            await env.Supervisor.StartAsync(cancellationToken);
            env.ContainerdPid = env.Supervisor.ProcessId;
            env.Client = env.Supervisor.CreateClient();
            if (importImages)
            {
                var importer = new ImageImporter(env.Containerd.Address);
                await importer.ImportAsync(TestImages.PauseArchive, cancellationToken);
                await importer.ImportAsync(TestImages.BusyboxArchive, cancellationToken);
            }
            return env;
        }
        catch
        {
            await env.DisposeAsync();
            throw;
        }
    }

    /// <summary>The product's teardown: stop containerd by PID, unmount, remove bridge, leases and route.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
            return;
        _stopped = true;
        Client?.Dispose();
        await Supervisor.DisposeAsync();
        await Network.RemoveAsync(cancellationToken);
        await Route.RemoveAsync(cancellationToken);
        CgroupCleaner.RemoveTree(CgroupRoot);
    }

    /// <summary>Everything this environment created that still exists; empty after a clean teardown.</summary>
    public async Task<IReadOnlyList<string>> LeftoversAsync(CancellationToken cancellationToken)
    {
        var left = new List<string>();
        if (ContainerdPid is { } pid && Directory.Exists($"/proc/{pid}"))
            left.Add($"containerd process {pid}");
        left.AddRange(ShimProcesses.FindFor(Containerd.Address).Select(p => $"shim process {p}"));
        left.AddRange(MountCleaner.MountsUnder(DataDir).Select(m => $"mount {m}"));
        if (Network.BridgeExists())
            left.Add($"bridge {Network.Options.BridgeName}");
        if (await Route.ExistsAsync(cancellationToken))
            left.Add($"route unreachable {ClusterCidr}");
        if (Directory.Exists(Path.Combine(Network.Options.IpamDataDir, Network.Options.NetworkName)))
            left.Add("host-local leases");
        left.AddRange(CgroupCleaner.DirectoriesFor(CgroupRoot).Select(d => $"cgroup {d}"));
        left.AddRange(NetnsNames().Except(_netnsBefore).Select(n => $"netns {n}"));
        return left;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // Best effort below.
        }
        foreach (var pid in ShimProcesses.FindFor(Containerd.Address))
            NativeMethods.Kill(pid, NativeMethods.SigKill);
        MountCleaner.UnmountAllUnder(DataDir);
        // Only the namespaces that appeared during this test; each is a bind mount on its own file.
        foreach (var netns in NetnsNames().Except(_netnsBefore))
        {
            NativeMethods.Umount2(netns, NativeMethods.MntDetach);
            try { File.Delete(netns); } catch (IOException) { }
        }
        try { await Network.RemoveAsync(timeout.Token); } catch (Exception) { }
        try { await Route.RemoveAsync(timeout.Token); } catch (Exception) { }
        CgroupCleaner.RemoveTree(CgroupRoot);
        try { Directory.Delete(DataDir, recursive: true); } catch (Exception) { }
    }

    private static HashSet<string> NetnsNames() =>
        Directory.Exists("/var/run/netns") ? Directory.GetFiles("/var/run/netns").ToHashSet() : [];
}
