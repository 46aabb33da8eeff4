namespace Wharf.Api.Patch.Schema;

/// <summary>The shape a schema node describes.</summary>
public enum SchemaNodeKind
{
    /// <summary>No usable type information (CRD without schema, RawExtension, preserve-unknown-fields): deduce from the value.</summary>
    Untyped,

    /// <summary>An object with declared properties.</summary>
    Struct,

    /// <summary>An object with arbitrary keys (<c>additionalProperties</c>), e.g. labels.</summary>
    Map,

    /// <summary>An array.</summary>
    List,

    /// <summary>A string, number, boolean or int-or-string.</summary>
    Scalar,
}
