using System.Text.Json.Nodes;

namespace Wharf.Client.Events;

/// <summary>Records core/v1 Events about objects (client-go's record.EventRecorder). Never blocks, never throws.</summary>
public interface IEventRecorder
{
    /// <param name="involved">The object the event is about (needs apiVersion, kind and metadata).</param>
    /// <param name="type"><see cref="EventTypes.Normal"/> or <see cref="EventTypes.Warning"/>.</param>
    /// <param name="reason">UpperCamelCase machine-readable reason, upstream's where one exists.</param>
    void Event(JsonObject involved, string type, string reason, string message);
}
