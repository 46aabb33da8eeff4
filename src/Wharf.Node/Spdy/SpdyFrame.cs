namespace Wharf.Node.Spdy;

/// <summary>
/// One SPDY/3 frame. <see cref="Value"/> is the second number of the control frames that carry one: the status of
/// RST_STREAM and GOAWAY, the id of PING, the delta of WINDOW_UPDATE. Header names are lower case on the wire.
/// </summary>
public sealed record SpdyFrame(SpdyFrameKind Kind, uint StreamId, byte Flags)
{
    public const byte FlagFin = 0x01;

    public ReadOnlyMemory<byte> Data { get; init; } = ReadOnlyMemory<byte>.Empty;

    public IReadOnlyDictionary<string, string> Headers { get; init; } = new Dictionary<string, string>();

    public uint Value { get; init; }

    public bool Fin => (Flags & FlagFin) != 0;
}
