using System.Text.Json.Nodes;

namespace Wharf.Client.Cache;

/// <summary>Tuning of list+watch; the defaults are client-go's.</summary>
public sealed record InformerOptions
{
    /// <summary>Page size of the initial list.</summary>
    public int PageSize { get; init; } = 500;

    /// <summary>Watches ask the server to end after a random time between this and twice this.</summary>
    public TimeSpan MinWatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First delay after a failed list or watch; doubled per failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(800);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often due resyncs are checked.</summary>
    public TimeSpan ResyncCheckPeriod { get; init; } = TimeSpan.FromSeconds(1);

    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>
    /// List and watch PartialObjectMetadata (client-go's metadata informers): the server sends only metadata, and
    /// the cache keeps it with the informer resource's apiVersion and kind (so objects still say what they are).
    /// </summary>
    public bool MetadataOnly { get; init; }

    /// <summary>
    /// Applied to every listed or watched object before it is stored and handed to handlers (client-go's
    /// SetTransform), e.g. to drop what the component never reads; returns the object to keep.
    /// </summary>
    public Func<JsonObject, JsonObject>? Transform { get; init; }

    /// <summary>
    /// Keep only apiVersion, kind and these metadata members of every listed or watched object, read from its bytes
    /// straight into that shape (the rest is skipped unread): for informers that need a few members of objects they
    /// hold by the thousand, cheaper than building whole objects for a <see cref="Transform"/> to cut down. Applied
    /// before <see cref="Transform"/>.
    /// </summary>
    public MetadataProjection? Projection { get; init; }

    /// <summary>
    /// Lists and watches only the objects this field selector matches (client-go's
    /// WithTweakListOptions), e.g. <c>metadata.name=X</c> for a component that needs one object per namespace.
    /// </summary>
    public string? FieldSelector { get; init; }

    public static readonly InformerOptions Default = new();
}
