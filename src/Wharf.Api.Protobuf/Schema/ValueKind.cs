namespace Wharf.Api.Protobuf.Schema;

/// <summary>What a field (or map key/value) holds: a protobuf scalar type or a message.</summary>
internal enum ValueKind
{
    Message,
    String,
    Bytes,
    Bool,
    Int32,
    Int64,
    UInt32,
    UInt64,
    SInt32,
    SInt64,
    Fixed32,
    Fixed64,
    SFixed32,
    SFixed64,
    Double,
    Float,
}
