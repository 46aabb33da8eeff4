namespace Wharf.Node.Spdy;

/// <summary>RST_STREAM status codes of SPDY/3 that Wharf sends or tells apart.</summary>
public static class SpdyRstStatus
{
    public const uint ProtocolError = 1;
    public const uint InvalidStream = 2;
    public const uint RefusedStream = 3;
    public const uint Cancel = 5;
    public const uint InternalError = 6;
}
