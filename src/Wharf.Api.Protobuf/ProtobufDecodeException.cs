namespace Wharf.Api.Protobuf;

/// <summary>
/// The body is not a protobuf object Wharf can decode: bad magic, malformed or truncated wire data, a wire type
/// that contradicts the schema, an unknown kind, or nesting past the limit. The API server answers 400.
/// </summary>
public sealed class ProtobufDecodeException : Exception
{
    public ProtobufDecodeException(string message)
        : base(message)
    {
    }

    public ProtobufDecodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
