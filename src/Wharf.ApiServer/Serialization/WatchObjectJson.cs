using Wharf.ApiServer.Rest;

namespace Wharf.ApiServer.Serialization;

/// <summary>
/// The object of one watch event as its line carries it: encoded bytes, or a stored object in the served shape, whose
/// bytes go straight from the store's copy into the line (<see cref="StoredJsonSplice"/>) without an array per event.
/// </summary>
public readonly struct WatchObjectJson
{
    private readonly byte[]? _encoded;
    private readonly StoredJsonSplice _splice;

    private WatchObjectJson(byte[]? encoded, StoredJsonSplice splice) => (_encoded, _splice) = (encoded, splice);

    public static WatchObjectJson Encoded(byte[] bytes) => new(bytes, default);

    public static WatchObjectJson Spliced(StoredJsonSplice splice) => new(null, splice);

    public int Length => _encoded?.Length ?? _splice.Length;

    /// <summary>Writes the object's bytes into <paramref name="destination"/> (at least <see cref="Length"/> long); returns their length.</summary>
    public int CopyTo(Span<byte> destination)
    {
        if (_encoded is null) return _splice.CopyTo(destination);
        _encoded.CopyTo(destination);
        return _encoded.Length;
    }
}
