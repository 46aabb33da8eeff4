namespace Wharf.Network.Dns;

/// <summary>The two header edits the UDP path makes by hand: a cached answer's ID, and a bare FORMERR reply.</summary>
internal static class DnsHeader
{
    public const int Length = 12;

    /// <summary>Copies the query's ID into a response that was encoded for another query with the same question.</summary>
    public static void CopyId(ReadOnlySpan<byte> query, Span<byte> response)
    {
        response[0] = query[0];
        response[1] = query[1];
    }

    /// <summary>
    /// A header-only FORMERR for a query whose question cannot be parsed (so the library cannot build one): the
    /// query's ID, opcode and RD bit, QR set, no sections, as RFC 1035 allows for format errors.
    /// </summary>
    public static int WriteFormatError(ReadOnlySpan<byte> query, Span<byte> into)
    {
        into[..Length].Clear();
        CopyId(query, into);
        into[2] = (byte)(0x80 | (query[2] & 0x79)); // QR, opcode, RD
        into[3] = 0x01;                             // RCODE 1
        return Length;
    }
}
