namespace Wharf.Api.Schema.OpenApiV2;

/// <summary>
/// The served swagger 2.0 document in both encodings <c>/openapi/v2</c> negotiates, each with the ETag of its own
/// bytes (uppercase hex SHA-512, as upstream computes it), so a client's HTTP cache revalidates per format.
/// </summary>
/// <param name="Json">UTF-8 JSON, byte-deterministic for the same input.</param>
/// <param name="Protobuf">The same document as a gnostic <c>openapi.v2.Document</c> message.</param>
public sealed record OpenApiV2Document(byte[] Json, string JsonETag, byte[] Protobuf, string ProtobufETag)
{
    /// <summary>
    /// The Content-Type of the protobuf answer (and an accepted Accept value). Upstream answers with this dotted form
    /// because Go's media-type parser rejects the <c>@</c> of the form kubectl asks with.
    /// </summary>
    public const string ProtobufMediaType = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";

    /// <summary>What kubectl sends in <c>Accept</c>; never used as a Content-Type.</summary>
    public const string DeprecatedProtobufMediaType = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
}
