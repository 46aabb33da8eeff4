using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;
using Wharf.Storage;

namespace Wharf.ApiServer.Rest;

/// <summary>
/// The outcome of a create or update: the object as the store now holds it. When the write reached the store, the
/// stored bytes are kept and the object is decoded only if someone asks for it, so an HTTP answer can be written
/// from the bytes (see <see cref="StoredJsonSplicer"/>) without a parse and a re-serialisation per write.
/// </summary>
public sealed class WrittenObject
{
    private readonly ResourceKind _kind;
    private JsonObject? _object;

    private WrittenObject(ResourceKind kind, StoredObject? stored, JsonObject? obj)
    {
        _kind = kind;
        Stored = stored;
        _object = obj;
    }

    /// <summary>What the store returned for this write; null for answers that did not come from a stored write (dry run, no-op).</summary>
    public StoredObject? Stored { get; }

    /// <summary>The served object (decoded from <see cref="Stored"/> on first use).</summary>
    public JsonObject Object => _object ??= ResourceStore.Output(_kind, ObjectCodec.Decode(Stored!));

    public static WrittenObject FromStore(ResourceKind kind, StoredObject stored) => new(kind, stored, null);

    public static WrittenObject FromObject(ResourceKind kind, JsonObject obj) => new(kind, null, obj);

    /// <summary>The stored object while nobody has decoded it (an answer may then be written from its bytes), else null.</summary>
    public StoredObject? Undecoded => _object is null ? Stored : null;

    /// <summary>The served JSON bytes straight from the store, or null when the answer must be written from <see cref="Object"/>.</summary>
    public byte[]? TryStoredJson() => Stored is { } stored && _object is null ? StoredJsonSplicer.TrySplice(_kind, stored) : null;
}
