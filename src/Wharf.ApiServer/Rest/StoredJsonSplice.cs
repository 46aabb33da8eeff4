using System.Globalization;

namespace Wharf.ApiServer.Rest;

/// <summary>
/// The served form of one stored object as <see cref="StoredJsonSplicer"/> plans it: the stored bytes (immutable, so
/// they can be referenced rather than copied) and where <c>"resourceVersion":"N"</c> goes into them. Holding the plan
/// instead of the spliced bytes lets a writer put the served form straight into its own buffer.
/// </summary>
public readonly record struct StoredJsonSplice(ReadOnlyMemory<byte> Stored, int MetadataEnd, bool NeedsComma, long Revision)
{
    private const int MaxRevisionDigits = 20;

    /// <summary>Length of the served form.</summary>
    public int Length
    {
        get
        {
            Span<byte> revision = stackalloc byte[MaxRevisionDigits];
            return StoredJsonSplicer.SplicedLength(Stored.Length, FormatRevision(revision), NeedsComma);
        }
    }

    /// <summary>Writes the served form into <paramref name="destination"/> (at least <see cref="Length"/> long); returns its length.</summary>
    public int CopyTo(Span<byte> destination)
    {
        Span<byte> revision = stackalloc byte[MaxRevisionDigits];
        var digits = FormatRevision(revision);
        return StoredJsonSplicer.Splice(Stored.Span, MetadataEnd, NeedsComma, revision[..digits], destination);
    }

    private int FormatRevision(Span<byte> destination)
    {
        Revision.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }
}
