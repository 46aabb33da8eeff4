using System.Text.Json.Nodes;

namespace Wharf.Client.Cache;

/// <summary>Ready-made <see cref="InformerOptions.Transform"/>s.</summary>
public static class InformerTransforms
{
    /// <summary>
    /// Drops <c>metadata.managedFields</c> (client-go's TransformStripManagedFields, which kube-controller-manager
    /// and kube-scheduler install): no controller reads them, and they are a large share of every cached object.
    /// An update sent from such a copy has no managedFields, which the server reads as "keep the live ones".
    /// The object is changed in place: the reflector hands over a freshly parsed one.
    /// </summary>
    public static JsonObject StripManagedFields(JsonObject obj)
    {
        (obj["metadata"] as JsonObject)?.Remove("managedFields");
        return obj;
    }
}
