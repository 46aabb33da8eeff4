namespace Wharf.Node.Containerd;

/// <summary>
/// Where the agent's own containerd keeps everything. All paths live under the agent's data dir, so an agent
/// (or a test) never shares root, state or socket with the system containerd or another agent.
/// </summary>
public sealed record ContainerdOptions
{
    public required string DataDir { get; init; }

    /// <summary>The sandbox ("pause") image; must already be imported, since the node pulls nothing to boot.</summary>
    public string SandboxImage { get; init; } = "wharf.local/pause:3.10";

    public string ContainerdPath { get; init; } = "/usr/bin/containerd";

    public string CtrPath { get; init; } = "/usr/bin/ctr";

    public string CniBinDir { get; init; } = "/usr/lib/cni";

    public string Snapshotter { get; init; } = "overlayfs";

    /// <summary>
    /// The OCI runtime binary containerd's runc shim runs (its <c>BinaryName</c>); null is <c>runc</c> from
    /// containerd's PATH. Any binary with runc's command line fits, such as crun (measured in docs/PERFORMANCE.md,
    /// "Node agent (seventh session)").
    /// </summary>
    public string? RuncBinary { get; init; }

    /// <summary>The CRI streaming server (exec/attach/port-forward URLs) stays on loopback; port 0 = random.</summary>
    public string StreamServerAddress { get; init; } = "127.0.0.1";

    public int StreamServerPort { get; init; }

    /// <summary>
    /// registries.yaml (k3s' format); null = containerd's registry defaults. The file may appear or change later:
    /// mirrors and TLS follow it at once, credentials from the next containerd start.
    /// </summary>
    public string? RegistryConfigPath { get; init; }

    /// <summary>How often the registries.yaml is checked for changes.</summary>
    public TimeSpan RegistryConfigPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan RestartBackoffInitial { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan RestartBackoffMax { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A containerd that ran this long before dying restarts with the initial backoff again.</summary>
    public TimeSpan RestartBackoffReset { get; init; } = TimeSpan.FromMinutes(1);

    public string ConfigPath => Path.Combine(DataDir, "etc", "containerd", "config.toml");

    public string Root => Path.Combine(DataDir, "containerd");

    public string State => Path.Combine(DataDir, "run", "containerd");

    public string Address => Path.Combine(State, "containerd.sock");

    /// <summary>containerd's <c>config_path</c>: one HOST/hosts.toml per configured registry.</summary>
    public string RegistryHostsDir => Path.Combine(DataDir, "etc", "containerd", "certs.d");

    public string CniConfDir => Path.Combine(DataDir, "etc", "cni", "net.d");

    public string LogPath => Path.Combine(DataDir, "containerd.log");
}
