namespace Wharf.Node.Spdy;

/// <summary>The peer sent something that is not SPDY/3 as Wharf speaks it.</summary>
public sealed class SpdyProtocolException(string message) : IOException(message);
