using System.Globalization;
using Microsoft.Extensions.Logging;
using Wharf.Client.Events;
using Wharf.Client.Rest;
using Wharf.Node.Agent.Heartbeat;
using Wharf.Node.Agent.Network;
using Wharf.Node.Agent.Pods;
using Wharf.Node.Agent.Probes;
using Wharf.Node.Agent.Server;
using Wharf.Node.Agent.Stats;
using Wharf.Node.Agent.Volumes;
using Wharf.Node.Containerd;
using Wharf.Node.Cri;
using Wharf.Node.Images;
using Wharf.Node.Images.Gc;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent;

/// <summary>
/// The node agent (Wharf's kubelet): starts (or connects to) the container runtime, imports the node's images,
/// registers the Node and keeps its status and Lease, brings up the pod network once the Node has a pod CIDR, and
/// runs the pods bound to it until cancelled. Containers keep running when the agent stops, as with kubelet.
/// </summary>
public sealed partial class NodeAgent
{
    private static readonly TimeSpan ImagePollInterval = TimeSpan.FromSeconds(5);

    public static async Task RunAsync(NodeAgentOptions options, IApiClient client, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger<NodeAgent>();
        var time = TimeProvider.System;
        Directory.CreateDirectory(options.AgentDirectory);

        ContainerdSupervisor? supervisor = null;
        CriClient cri;
        string runtimeAddress;
        string cniConfDir;
        string imageRoot;
        if (options.ContainerRuntimeEndpoint is { Length: > 0 } endpoint)
        {
            cri = CriClient.ForUnixSocket(endpoint);
            await cri.WaitReadyAsync(TimeSpan.FromSeconds(30), ct);
            runtimeAddress = endpoint.StartsWith("unix://", StringComparison.Ordinal) ? endpoint["unix://".Length..] : endpoint;
            cniConfDir = "/etc/cni/net.d";
            imageRoot = Directory.Exists("/var/lib/containerd") ? "/var/lib/containerd" : options.AgentDirectory;
        }
        else
        {
            supervisor = new ContainerdSupervisor(
                new ContainerdOptions { DataDir = options.AgentDirectory, SandboxImage = options.SandboxImage, RegistryConfigPath = options.RegistryConfig },
                loggers.CreateLogger<ContainerdSupervisor>());
            await supervisor.StartAsync(ct);
            cri = supervisor.CreateClient();
            runtimeAddress = supervisor.Address;
            cniConfDir = supervisor.Options.CniConfDir;
            imageRoot = supervisor.Options.Root;
        }

        await using var images = new ImageFolderWatcher(options.EffectiveImagesDirectory, new ImageImporter(runtimeAddress), ImagePollInterval,
            loggers.CreateLogger<ImageFolderWatcher>());
        await using var events = new EventRecorder(client, "kubelet", options.NodeName, time, loggers.CreateLogger<EventRecorder>());
        try
        {
            await images.StartAsync(ct);
            IContainerRuntime runtime = new ContainerRuntime(cri);
            var network = new NodeNetworkSetup(client, options, cniConfDir, logger);
            var reporter = new NodeStatusReporter(client, options, runtime, () => network.Ready, logger, time);
            var node = await RegisterWithRetryAsync(reporter, logger, ct);
            var lease = new NodeLeaseRenewer(client, options, Client.Meta.ObjectMeta.Uid(node) ?? "", logger, time);

            var machine = MachineInfo.Read(options.DataDirectory);
            var facts = new NodeFacts(options.NodeName, reporter.NodeIp, machine.CpuCount,
                machine.MemoryBytes - NodeConditions.MemoryThresholdBytes, machine.MemoryBytes, DnsConfigBuilder.ReadHost());
            var startupSteps = new PodStartupSteps();
            var probes = new ProbeManager(new ProbeRunner(runtime), events, logger, time);
            var imageBackoff = new Backoff(options.BackoffInitial, options.BackoffMax, time);
            var context = new PodAgentContext(client, runtime, events, options, facts,
                new VolumeManager(options.PodsDirectory, new TokenCache(new TokenRequester(client), time)), probes,
                new ImageManager(runtime, events, imageBackoff, time, new PullSecretReader(client)),
                new Backoff(options.BackoffInitial, options.BackoffMax, time), logger, time, startupSteps, new ConfigObjectCache(client, time));
            var pods = new PodManager(context);
            var relister = new RuntimeRelister(runtime, options.PodResyncInterval, pods.RuntimeChanged, logger, time);
            var imageGc = new ImageGcManager(runtime, new StatfsImageFilesystem(imageRoot), events, options.NodeName, options.SandboxImage,
                options.ImageGc, time, loggers.CreateLogger<ImageGcManager>());

            async Task NetworkThenPodsAsync()
            {
                await network.RunAsync(reporter.NodeIp, ct);
                reporter.Poke();
                var info = new NodeNetworkInfo(options.NodeName, reporter.NodeIp, network.PodCidr!, options.ClusterCidr, options.ServiceCidr, options.ClusterDnsIp);
                var services = new NetworkServiceSupervisor(options.NetworkServices, logger, time);
                await Task.WhenAll(services.RunAsync(info, ct), pods.RunAsync(ct), relister.RunAsync(ct));
            }

            LogStarted(logger, options.NodeName, reporter.NodeIp);
            await Task.WhenAll(reporter.RunAsync(ct), lease.RunAsync(ct), NetworkThenPodsAsync(), imageGc.RunAsync(ct),
                ServeKubeletApiAsync(options, reporter.NodeIp, runtime, cri, client, startupSteps, loggers, ct));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            cri.Dispose();
            if (supervisor is not null)
                await supervisor.DisposeAsync();
            LogStopped(logger, options.NodeName);
        }
    }

    private static Task ServeKubeletApiAsync(NodeAgentOptions options, string nodeIp, IContainerRuntime runtime, CriClient cri, IApiClient client,
        PodStartupSteps startupSteps, ILoggerFactory loggers, CancellationToken ct)
    {
        if (options.IssueServingCertificate is not { } issue || options.KubeletClientCa is not { } clientCa)
            return Task.CompletedTask;
        var addresses = new List<System.Net.IPAddress> { System.Net.IPAddress.Loopback };
        if (System.Net.IPAddress.TryParse(nodeIp, out var ip)) addresses.Add(ip);
        var serving = issue(options.NodeName, addresses);
        // The stats sampler only serves the kubelet API, so it lives and dies with it.
        var collector = new StatsCollector(new CriStatsSource(cri), new CgroupReader(), new HostReader(),
            new StatsOptions(options.NodeName, options.DataDirectory, options.CgroupRoot, options.PodsDirectory, options.EffectivePodLogDirectory),
            TimeProvider.System);
        var sampler = new StatsSampler(collector, StatsSampler.DefaultInterval, loggers.CreateLogger<StatsSampler>(), TimeProvider.System);
        var sources = new KubeletApiSources(options.NodeName, sampler, new ApiPodSource(client, options.NodeName), startupSteps);
        return Task.WhenAll(sampler.RunAsync(ct),
            new KubeletServer(new KubeletServerOptions(options.KubeletAddress, options.KubeletPort, serving, clientCa), runtime, sources,
                loggers.CreateLogger<KubeletServer>()).RunAsync(ct));
    }

    private static async Task<System.Text.Json.Nodes.JsonObject> RegisterWithRetryAsync(NodeStatusReporter reporter, ILogger logger, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                return await reporter.RegisterAsync(ct);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException && !ct.IsCancellationRequested)
            {
                LogRegisterFailed(logger, e.Message, delay.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture));
                await Task.Delay(delay, ct);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(7).Ticks));
            }
        }
    }

    [LoggerMessage(EventId = 12100, Level = LogLevel.Information, Message = "Node agent for {Node} running (node IP {NodeIp})")]
    private static partial void LogStarted(ILogger logger, string node, string nodeIp);

    [LoggerMessage(EventId = 12101, Level = LogLevel.Information, Message = "Node agent for {Node} stopped")]
    private static partial void LogStopped(ILogger logger, string node);

    [LoggerMessage(EventId = 12102, Level = LogLevel.Warning, Message = "Registering the node failed ({Message}); retrying in {Seconds}s")]
    private static partial void LogRegisterFailed(ILogger logger, string message, string seconds);
}
