using System.Text;
using System.Text.Json;
using Wharf.JsonTrees;

namespace Wharf.Client.Cache;

/// <summary>
/// What an informer keeps of each object when it needs only a few members of the metadata (the garbage collector's
/// monitors: identity, owners, finalizers, deletion state): <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> holding
/// the named members, in the order named. See <see cref="InformerOptions.Projection"/>: the informer reads each listed
/// or watched object from its bytes straight into this shape, so labels, annotations, managedFields and the rest of
/// the object are skipped unread instead of being built and then dropped by a transform.
/// </summary>
public sealed class MetadataProjection
{
    private readonly byte[][] _utf8Members;

    /// <summary>What every informer reads of its objects: the cache key, and the version it resumes and compares by.</summary>
    private static readonly string[] Required = ["name", "namespace", "resourceVersion"];

    /// <param name="metadataMembers">
    /// The members of <c>metadata</c> to keep (a member absent or null is left out); they must include name, namespace
    /// and resourceVersion.
    /// </param>
    public MetadataProjection(params string[] metadataMembers)
    {
        if (metadataMembers.Distinct(StringComparer.Ordinal).Count() != metadataMembers.Length)
            throw new ArgumentException("a metadata member is named twice", nameof(metadataMembers));
        if (Required.FirstOrDefault(r => !metadataMembers.Contains(r)) is { } missing)
            throw new ArgumentException($"an informer needs metadata.{missing}: keep it", nameof(metadataMembers));
        Members = metadataMembers.ToArray();
        _utf8Members = Members.Select(Encoding.UTF8.GetBytes).ToArray();
        ReaderOptions = new JsonSerializerOptions { Converters = { new ProjectionConverter(this, JsonNamePool.Shared) } };
    }

    /// <summary>The kept members of <c>metadata</c>, in the order the projected object holds them.</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>Options whose JsonObject converter reads an object's JSON into its projection.</summary>
    internal JsonSerializerOptions ReaderOptions { get; }

    /// <summary>The index in <see cref="Members"/> of the property name the reader is on, or -1.</summary>
    internal int IndexOf(ref Utf8JsonReader reader)
    {
        for (var i = 0; i < _utf8Members.Length; i++)
        {
            if (reader.ValueTextEquals(_utf8Members[i])) return i;
        }
        return -1;
    }
}
