namespace Wharf.Node.Spdy;

/// <summary>SPDY/3 frame kinds; control frames carry their protocol type number.</summary>
public enum SpdyFrameKind : ushort
{
    Data = 0,
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
}
