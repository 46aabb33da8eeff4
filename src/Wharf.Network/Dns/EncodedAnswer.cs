namespace Wharf.Network.Dns;

/// <summary>
/// A response as the library encoded it for one query shape, reusable for any query with the same bytes after the
/// ID while the cluster state is at <see cref="Version"/> and until <see cref="ExpiresAt"/> (a TimeProvider timestamp).
/// </summary>
internal sealed record EncodedAnswer(byte[] Response, long Version, long ExpiresAt, AnswerMetrics Metrics);
