using System.Text.Json.Nodes;
using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>Where a <see cref="Reflector"/> delivers what it lists and watches.</summary>
internal interface IReflectorSink
{
    /// <summary>A complete, consistent list replaces everything known.</summary>
    void Replace(IReadOnlyList<JsonObject> items);

    /// <summary>One ADDED/MODIFIED/DELETED event.</summary>
    void Apply(WatchEventType type, JsonObject obj);
}
