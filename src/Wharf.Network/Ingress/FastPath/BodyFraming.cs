namespace Wharf.Network.Ingress.FastPath;

/// <summary>How the end of a response body is found (RFC 9112 §6.3).</summary>
internal enum BodyFraming
{
    None,
    ContentLength,
    Chunked,

    /// <summary>The body ends when the backend closes the connection; the client's connection is closed after it.</summary>
    UntilClose,
}
