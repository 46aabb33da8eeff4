namespace Wharf.Network.Ingress.FastPath;

/// <summary>What reading a message head from the bytes received so far gave.</summary>
internal enum HeadStatus
{
    /// <summary>No blank line yet: wait for more bytes.</summary>
    Incomplete,

    /// <summary>A whole head of the simple kind the fast path serves.</summary>
    Parsed,

    /// <summary>Malformed, or a feature the fast path leaves to Kestrel and YARP (bodies, upgrades, escapes...).</summary>
    Unsupported,
}
