namespace Wharf.Network.Ingress.FastPath;

/// <summary>How one try of a request on one backend endpoint ended.</summary>
internal enum Outcome
{
    /// <summary>The whole response went to the client.</summary>
    Served,

    /// <summary>The endpoint took no connection: try another one.</summary>
    ConnectFailed,

    /// <summary>A pooled connection turned out closed before any response byte: try again on a new one.</summary>
    Stale,

    /// <summary>No usable response head came: the client gets a 502.</summary>
    BadGateway,

    /// <summary>The response broke off after its head was sent, or the client went away: the connection is cut.</summary>
    Aborted,
}
