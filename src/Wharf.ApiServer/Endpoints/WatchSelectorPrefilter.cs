using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.Storage;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// For a watch whose selectors read only metadata (labels, <c>metadata.name</c>, <c>metadata.namespace</c>) of a
/// kind served as stored: decides from the stored metadata alone whether an event can concern the watcher, so the
/// events it would drop anyway (most of them: a name-selected watch such as the root CA publisher's sees every
/// ConfigMap write) are not decoded whole first.
/// </summary>
internal static class WatchSelectorPrefilter
{
    public static bool AppliesTo(ResourceKind kind, ListOptions options) =>
        kind.Converter is null
        && !(options.LabelSelector.IsEmpty && options.FieldSelector.IsEmpty)
        && options.FieldSelector.Fields.All(field => field is "metadata.name" or "metadata.namespace");

    /// <summary>False only when the selectors certainly reject <paramref name="stored"/>; true when they match or it cannot tell.</summary>
    public static bool MayMatch(StoredObject stored, ListOptions options)
    {
        var span = stored.Value.Span;
        if (!PartialMetadataProjection.TryFindMetadata(span, out var start, out var end, out _)) return true;
        var metadata = JsonNode.Parse(span[start..(end + 1)]);
        return ResourceStore.Matches(new JsonObject { ["metadata"] = metadata }, options);
    }
}
