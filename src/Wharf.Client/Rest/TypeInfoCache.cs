using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Wharf.Client.Rest;

/// <summary>
/// The <see cref="JsonTypeInfo{T}"/> of <typeparamref name="T"/> per set of serializer options. Every watch event and
/// list item of an informer is read with the same options (a process has a handful of sets), and
/// <c>JsonSerializer.Deserialize&lt;T&gt;(…, options)</c> looked the type info up again each time (0.4 % of a density
/// run's server CPU). Options are told apart by reference, as the serializer's own cache does.
/// </summary>
internal static class TypeInfoCache<T>
{
    /// <summary>Beyond this many sets of options for one type the oldest is let go (its lookups cost what they did).</summary>
    internal const int Capacity = 4;

    private static Entry[] _entries = [];

    public static JsonTypeInfo<T> For(JsonSerializerOptions options)
    {
        foreach (var entry in Volatile.Read(ref _entries))
        {
            if (ReferenceEquals(entry.Options, options)) return entry.Info;
        }
        // As the serializer's first use of a set of options does: read-only from now on, with the reflection
        // resolver when none was given (GetTypeInfo alone would refuse options without a resolver).
        if (!options.IsReadOnly) options.MakeReadOnly(populateMissingResolver: true);
        var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        Entry[] current, next;
        do
        {
            current = Volatile.Read(ref _entries);
            next = [new Entry(options, info), .. current.Take(Capacity - 1)];
        }
        while (Interlocked.CompareExchange(ref _entries, next, current) != current);
        return info;
    }

    internal static int Count => Volatile.Read(ref _entries).Length;

    private sealed record Entry(JsonSerializerOptions Options, JsonTypeInfo<T> Info);
}
