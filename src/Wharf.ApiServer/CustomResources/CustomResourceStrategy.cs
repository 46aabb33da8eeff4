using System.Text.Json.Nodes;

namespace Wharf.ApiServer.CustomResources;

/// <summary>
/// Custom resources: generation tracked as upstream does for every custom resource, status split only when the
/// CRD version declares the status subresource.
/// </summary>
internal sealed class CustomResourceStrategy : Registry.ResourceStrategy
{
    public CustomResourceStrategy(bool hasStatus)
    {
        TracksGeneration = true;
        HasStatusSubresource = hasStatus;
    }

    public override void PrepareForCreate(JsonObject obj)
    {
        // Without a status subresource, status is ordinary content a client may set.
        var status = HasStatusSubresource ? null : obj["status"]?.DeepClone();
        base.PrepareForCreate(obj);
        if (status is not null) obj["status"] = status;
    }
}
