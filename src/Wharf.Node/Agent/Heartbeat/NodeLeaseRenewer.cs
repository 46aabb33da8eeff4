using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Wharf.Client;
using Wharf.Client.Rest;

namespace Wharf.Node.Agent.Heartbeat;

/// <summary>
/// The node heartbeat upstream uses since 1.17: a Lease named after the node in kube-node-lease, owned by the Node,
/// with a 40 s duration, renewed every <see cref="NodeAgentOptions.LeaseRenewInterval"/>.
/// </summary>
internal sealed partial class NodeLeaseRenewer(IApiClient client, NodeAgentOptions options, string nodeUid, ILogger logger, TimeProvider time)
{
    public const string Namespace = "kube-node-lease";
    public const int LeaseDurationSeconds = 40;

    public async Task RunAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(options.LeaseRenewInterval, time);
        do
        {
            try
            {
                await RenewAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogRenewFailed(logger, e.Message);
            }
        }
        while (await NextTickAsync(timer, ct));
    }

    private static async Task<bool> NextTickAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    internal async Task RenewAsync(CancellationToken ct)
    {
        var renewTime = Json.MicroTime(time.GetUtcNow());
        var spec = new JsonObject
        {
            ["holderIdentity"] = options.NodeName,
            ["leaseDurationSeconds"] = LeaseDurationSeconds,
            ["renewTime"] = renewTime,
        };
        try
        {
            await client.PatchAsync(Resource.Leases, Namespace, options.NodeName, PatchType.Merge, new JsonObject { ["spec"] = spec.DeepClone() }, null, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
            var lease = new JsonObject
            {
                ["apiVersion"] = "coordination.k8s.io/v1",
                ["kind"] = "Lease",
                ["metadata"] = new JsonObject
                {
                    ["name"] = options.NodeName,
                    ["namespace"] = Namespace,
                    ["ownerReferences"] = new JsonArray(new JsonObject
                    {
                        ["apiVersion"] = "v1",
                        ["kind"] = "Node",
                        ["name"] = options.NodeName,
                        ["uid"] = nodeUid,
                    }),
                },
                ["spec"] = spec,
            };
            await client.CreateAsync(Resource.Leases, Namespace, lease, ct);
        }
    }

    [LoggerMessage(EventId = 12010, Level = LogLevel.Warning, Message = "Renewing the node lease failed: {Message}")]
    private static partial void LogRenewFailed(ILogger logger, string message);
}
