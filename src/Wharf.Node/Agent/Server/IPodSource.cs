using System.Text.Json.Nodes;

namespace Wharf.Node.Agent.Server;

/// <summary>The pods bound to this node, as the kubelet API's /pods lists them.</summary>
internal interface IPodSource
{
    Task<IReadOnlyList<JsonObject>> PodsAsync(CancellationToken cancellationToken);
}
