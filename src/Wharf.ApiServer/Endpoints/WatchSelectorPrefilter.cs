using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Rest.Selectors;
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
        var metadataJson = span[start..(end + 1)];
        // Without a label selector the terms name metadata.name and metadata.namespace only: their values are compared
        // where they stand in the stored bytes, so an event the watch drops costs no parse and no allocation.
        if (options.LabelSelector.IsEmpty) return FieldTermsMayMatch(metadataJson, options.FieldSelector);
        var metadata = JsonNode.Parse(metadataJson);
        return ResourceStore.Matches(new JsonObject { ["metadata"] = metadata }, options);
    }

    /// <summary>
    /// Each term against its member of the metadata object (absent = the empty string, as the decoded object's
    /// selector reads it); true when a member is not a plain string, which the decoded object decides instead.
    /// </summary>
    private static bool FieldTermsMayMatch(ReadOnlySpan<byte> metadataJson, FieldSelector selector)
    {
        foreach (var (field, equal, value) in selector.Terms)
        {
            var member = field switch
            {
                "metadata.name" => "name"u8,
                "metadata.namespace" => "namespace"u8,
                _ => default,
            };
            if (member.IsEmpty) return true;
            var found = FindStringMember(metadataJson, member, value);
            if (found is null) return true;
            if (found.Value != equal) return false;
        }
        return true;
    }

    /// <summary>Whether the top-level member <paramref name="member"/> equals <paramref name="value"/>; null when it is not a string.</summary>
    private static bool? FindStringMember(ReadOnlySpan<byte> metadataJson, ReadOnlySpan<byte> member, string value)
    {
        var reader = new Utf8JsonReader(metadataJson);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isMember = reader.ValueTextEquals(member);
            if (!reader.Read()) return null;
            if (isMember)
                return reader.TokenType == JsonTokenType.String ? reader.ValueTextEquals(value) : null;
            reader.Skip();
        }
        return value.Length == 0;
    }
}
