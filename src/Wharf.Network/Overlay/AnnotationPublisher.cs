using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Network.Overlay;

/// <summary>Writes this node's backend annotations on its own Node, by merge patch and only when they differ.</summary>
internal sealed class AnnotationPublisher(IApiClient client)
{
    public static IReadOnlyDictionary<string, string> Wanted(OverlayOptions options, HostInterface parent, string? vtepMac) =>
        new Dictionary<string, string>
        {
            [OverlayAnnotations.BackendType] = OverlayBackends.Name(options.Backend),
            [OverlayAnnotations.BackendData] = OverlayNode.BackendDataJson(options.Backend, options.Vni, vtepMac),
            [OverlayAnnotations.PublicIp] = parent.PublicIp,
        };

    /// <summary>Returns true when a patch was sent.</summary>
    public async Task<bool> PublishAsync(JsonObject node, IReadOnlyDictionary<string, string> wanted, CancellationToken ct)
    {
        if (wanted.All(a => ObjectMeta.Annotation(node, a.Key) == a.Value))
            return false;
        var annotations = new JsonObject();
        foreach (var (key, value) in wanted)
            annotations[key] = value;
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations } };
        await client.PatchAsync(Resource.Nodes, null, ObjectMeta.Name(node)!, PatchType.Merge, patch, null, ct);
        return true;
    }
}
