namespace Wharf.Network.Dns;

/// <summary>What the UDP fast path makes of a received packet.</summary>
internal enum QueryKind
{
    /// <summary>Not a query worth answering (too short for a header, or a response): dropped silently.</summary>
    Ignore,

    /// <summary>A query header whose question cannot be read: answered FORMERR.</summary>
    Malformed,

    /// <summary>A valid query of a shape the fast path does not key on (several questions, EDNS options, ...): the library answers it.</summary>
    Unusual,

    /// <summary>One question, at most a bare OPT record: its answer depends only on the bytes after the ID.</summary>
    Cacheable,
}
