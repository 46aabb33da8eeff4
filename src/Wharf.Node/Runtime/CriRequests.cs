using Wharf.Node.Cri.V1;
using Wharf.Node.Logs;

namespace Wharf.Node.Runtime;

/// <summary>Turns Wharf's sandbox and container specs into CRI configs.</summary>
internal static class CriRequests
{
    public static PodSandboxConfig Sandbox(PodSandboxSpec spec)
    {
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = spec.Name, Namespace = spec.Namespace, Uid = spec.Uid, Attempt = spec.Attempt },
            Hostname = spec.Hostname,
            LogDirectory = spec.LogDirectory,
            Linux = new LinuxPodSandboxConfig
            {
                CgroupParent = spec.CgroupParent,
                SecurityContext = new LinuxSandboxSecurityContext
                {
                    NamespaceOptions = new NamespaceOption
                    {
                        Network = spec.HostNetwork ? NamespaceMode.Node : NamespaceMode.Pod,
                        Pid = NamespaceMode.Container,
                        Ipc = NamespaceMode.Pod,
                    },
                },
            },
        };
        if (spec.Dns is { } dns)
        {
            config.DnsConfig = new DNSConfig();
            config.DnsConfig.Servers.AddRange(dns.Servers);
            config.DnsConfig.Searches.AddRange(dns.Searches);
            config.DnsConfig.Options.AddRange(dns.Options);
        }
        config.PortMappings.AddRange(spec.Ports.Select(p => new PortMapping
        {
            ContainerPort = p.ContainerPort,
            HostPort = p.HostPort,
            Protocol = p.Protocol,
            HostIp = p.HostIp,
        }));
        config.Labels.AddAll(spec.Labels);
        config.Annotations.AddAll(spec.Annotations);
        config.Linux.Sysctls.AddAll(spec.Sysctls);
        return config;
    }

    public static ContainerConfig Container(ContainerSpec spec)
    {
        var config = new ContainerConfig
        {
            Metadata = new ContainerMetadata { Name = spec.Name, Attempt = spec.Attempt },
            Image = new ImageSpec { Image = spec.Image },
            WorkingDir = spec.WorkingDir,
            LogPath = spec.LogPath ?? PodLogPaths.ContainerRelativePath(spec.Name, spec.Attempt),
            Stdin = spec.Stdin,
            StdinOnce = spec.StdinOnce,
            Tty = spec.Tty,
            Linux = new LinuxContainerConfig { SecurityContext = new LinuxContainerSecurityContext() },
        };
        config.Command.AddRange(spec.Command);
        config.Args.AddRange(spec.Args);
        config.Envs.AddRange(spec.Env.Select(e => new KeyValue { Key = e.Key, Value = e.Value }));
        config.Mounts.AddRange(spec.Mounts.Select(m => new Mount
        {
            ContainerPath = m.ContainerPath,
            HostPath = m.HostPath,
            Readonly = m.ReadOnly,
            Propagation = m.Propagation,
        }));
        config.Labels.AddAll(spec.Labels);
        config.Annotations.AddAll(spec.Annotations);
        if (spec.Resources is { } resources)
        {
            config.Linux.Resources = new LinuxContainerResources
            {
                CpuShares = resources.CpuShares,
                CpuQuota = resources.CpuQuota,
                CpuPeriod = resources.CpuPeriod,
                MemoryLimitInBytes = resources.MemoryLimitBytes,
                OomScoreAdj = resources.OomScoreAdj,
            };
        }
        return config;
    }
}
