using Wharf.Client.Rest;

namespace Wharf.Client.Cache;

/// <summary>Where a <see cref="Reflector{T}"/> delivers what it lists and watches.</summary>
internal interface IReflectorSink<in T>
{
    /// <summary>A complete, consistent list replaces everything known.</summary>
    void Replace(IReadOnlyList<T> items);

    /// <summary>One ADDED/MODIFIED/DELETED event.</summary>
    void Apply(WatchEventType type, T obj);
}
