using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Node.Runtime;

namespace Wharf.Node.Agent.Heartbeat;

/// <summary>
/// Registers the Node and keeps its status current (kubelet's node status manager): conditions are re-evaluated
/// every <see cref="NodeAgentOptions.NodeStatusUpdateFrequency"/> and posted when anything but the heartbeat
/// times changed, or at least every <see cref="NodeAgentOptions.NodeStatusReportFrequency"/>.
/// </summary>
internal sealed partial class NodeStatusReporter(
    IApiClient client,
    NodeAgentOptions options,
    IContainerRuntime runtime,
    Func<bool> networkReady,
    ILogger logger,
    TimeProvider time)
{
    public const string KubeletVersion = "v1.32.0+wharf";
    public const int MaxPods = 110;

    private readonly SemaphoreSlim _poke = new(0, 1);
    private MachineInfo? _machine;
    private string _runtimeVersion = "containerd://unknown";
    private string? _lastPosted;
    private DateTimeOffset _lastPostedAt;

    public string NodeIp { get; } = options.NodeIp ?? MachineInfo.DefaultNodeIp();

    /// <summary>Asks for an immediate re-evaluation (for example when the pod network became ready).</summary>
    public void Poke()
    {
        if (_poke.CurrentCount == 0)
            try { _poke.Release(); } catch (SemaphoreFullException) { }
    }

    /// <summary>Creates the Node, or adopts an existing one of this name (labels merged); returns it.</summary>
    public async Task<JsonObject> RegisterAsync(CancellationToken ct)
    {
        _machine = MachineInfo.Read(options.DataDirectory);
        var version = await runtime.VersionAsync(ct);
        _runtimeVersion = $"{version.RuntimeName}://{version.RuntimeVersion}";
        var node = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Node",
            ["metadata"] = new JsonObject { ["name"] = options.NodeName, ["labels"] = Labels() },
            ["spec"] = new JsonObject(),
        };
        JsonObject registered;
        try
        {
            registered = await client.CreateAsync(Resource.Nodes, null, node, ct);
            LogRegistered(logger, options.NodeName);
        }
        catch (ApiException e) when (e.IsAlreadyExists)
        {
            registered = await client.PatchAsync(Resource.Nodes, null, options.NodeName, PatchType.Merge,
                new JsonObject { ["metadata"] = new JsonObject { ["labels"] = Labels() } }, null, ct);
            LogAdopted(logger, options.NodeName);
        }
        await PostIfChangedAsync(registered, force: true, ct);
        return registered;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await _poke.WaitAsync(options.NodeStatusUpdateFrequency, ct);
                var node = await client.GetAsync(Resource.Nodes, null, options.NodeName, ct);
                await PostIfChangedAsync(node, force: false, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogUpdateFailed(logger, e.Message);
            }
        }
    }

    private async Task PostIfChangedAsync(JsonObject node, bool force, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var status = await BuildStatusAsync(node["status"]?["conditions"] as JsonArray, now, ct);
        var fingerprint = Fingerprint(status);
        if (!force && fingerprint == _lastPosted && now - _lastPostedAt < options.NodeStatusReportFrequency)
            return;
        await client.PatchAsync(Resource.Nodes, null, options.NodeName, PatchType.Merge,
            new JsonObject { ["status"] = status }, new PatchOptions { Subresource = "status" }, ct);
        _lastPosted = fingerprint;
        _lastPostedAt = now;
    }

    /// <summary>The status without heartbeat times, to tell a real change from a heartbeat.</summary>
    private static string Fingerprint(JsonObject status)
    {
        var copy = status.DeepClone().AsObject();
        foreach (var condition in (copy["conditions"] as JsonArray)!.OfType<JsonObject>())
            condition.Remove("lastHeartbeatTime");
        return copy.ToJsonString();
    }

    internal async Task<JsonObject> BuildStatusAsync(JsonArray? previousConditions, DateTimeOffset now, CancellationToken ct)
    {
        var machine = _machine ?? throw new InvalidOperationException("register first");
        bool runtimeReady;
        IReadOnlyList<Cri.V1.Image> images = [];
        try
        {
            images = await runtime.ListImagesAsync(ct);
            runtimeReady = true;
        }
        catch (Grpc.Core.RpcException)
        {
            runtimeReady = false;
        }
        var conditions = NodeConditions.Evaluate(options.DataDirectory, runtimeReady, networkReady());
        var capacity = Resources(machine, reserveEviction: false);
        return new JsonObject
        {
            ["capacity"] = capacity,
            ["allocatable"] = Resources(machine, reserveEviction: true),
            ["conditions"] = NodeConditions.Render(conditions, previousConditions, now),
            ["addresses"] = new JsonArray(
                new JsonObject { ["type"] = "InternalIP", ["address"] = NodeIp },
                new JsonObject { ["type"] = "Hostname", ["address"] = machine.Hostname }),
            ["daemonEndpoints"] = new JsonObject { ["kubeletEndpoint"] = new JsonObject { ["Port"] = options.KubeletPort } },
            ["nodeInfo"] = new JsonObject
            {
                ["machineID"] = machine.MachineId,
                ["systemUUID"] = machine.MachineId,
                ["bootID"] = machine.BootId,
                ["kernelVersion"] = machine.KernelVersion,
                ["osImage"] = machine.OsImage,
                ["containerRuntimeVersion"] = _runtimeVersion,
                ["kubeletVersion"] = KubeletVersion,
                ["kubeProxyVersion"] = "",
                ["operatingSystem"] = "linux",
                ["architecture"] = machine.Architecture,
            },
            ["images"] = new JsonArray(images
                .Where(i => i.RepoTags.Count + i.RepoDigests.Count > 0)
                .OrderByDescending(i => i.Size)
                .Select(i => (JsonNode)new JsonObject
                {
                    ["names"] = new JsonArray(i.RepoDigests.Concat(i.RepoTags).Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
                    ["sizeBytes"] = (long)i.Size,
                }).ToArray()),
        };
    }

    private static JsonObject Resources(MachineInfo machine, bool reserveEviction)
    {
        // Allocatable is capacity minus the hard eviction threshold (no system/kube reservations configured).
        var memory = machine.MemoryBytes - (reserveEviction ? NodeConditions.MemoryThresholdBytes : 0);
        var storage = reserveEviction ? (long)(machine.EphemeralStorageBytes * (1 - NodeConditions.DiskFreeThreshold)) : machine.EphemeralStorageBytes;
        return new JsonObject
        {
            ["cpu"] = machine.CpuCount.ToString(CultureInfo.InvariantCulture),
            ["memory"] = (memory / 1024).ToString(CultureInfo.InvariantCulture) + "Ki",
            ["pods"] = MaxPods.ToString(CultureInfo.InvariantCulture),
            ["ephemeral-storage"] = storage.ToString(CultureInfo.InvariantCulture),
            ["hugepages-2Mi"] = machine.HugePages2MiBytes.ToString(CultureInfo.InvariantCulture),
        };
    }

    private JsonObject Labels()
    {
        var machine = _machine!;
        var labels = new JsonObject
        {
            ["kubernetes.io/hostname"] = options.NodeName,
            ["kubernetes.io/os"] = "linux",
            ["kubernetes.io/arch"] = machine.Architecture,
            ["beta.kubernetes.io/os"] = "linux",
            ["beta.kubernetes.io/arch"] = machine.Architecture,
        };
        if (options.Server)
            labels["node-role.kubernetes.io/control-plane"] = "";
        return labels;
    }

    [LoggerMessage(EventId = 12001, Level = LogLevel.Information, Message = "Registered node {Node}")]
    private static partial void LogRegistered(ILogger logger, string node);

    [LoggerMessage(EventId = 12002, Level = LogLevel.Information, Message = "Node {Node} already registered; adopted it")]
    private static partial void LogAdopted(ILogger logger, string node);

    [LoggerMessage(EventId = 12003, Level = LogLevel.Warning, Message = "Updating node status failed: {Message}")]
    private static partial void LogUpdateFailed(ILogger logger, string message);
}
