namespace Wharf.Api.Protobuf.Schema;

/// <summary>
/// Messages whose JSON form is not "an object of their fields": upstream gives these types custom JSON
/// marshalling, so the decoder renders them as the value upstream's JSON would carry.
/// </summary>
internal enum WellKnownType
{
    None,

    /// <summary>meta.v1.Time: RFC 3339 seconds, null when zero.</summary>
    Time,

    /// <summary>meta.v1.MicroTime: RFC 3339 with six fractional digits, null when zero.</summary>
    MicroTime,

    /// <summary>meta.v1.Duration: Go duration string such as "1h0m0s".</summary>
    Duration,

    /// <summary>resource.Quantity: its string.</summary>
    Quantity,

    /// <summary>intstr.IntOrString: a number or a string.</summary>
    IntOrString,

    /// <summary>runtime.RawExtension: the embedded JSON (or a nested protobuf envelope).</summary>
    RawExtension,

    /// <summary>meta.v1.FieldsV1 and apiextensions JSON: field 1 holds JSON text.</summary>
    EmbeddedJson,

    /// <summary>apiextensions JSONSchemaPropsOrArray: an array of schemas, else one schema.</summary>
    SchemaOrArray,

    /// <summary>apiextensions JSONSchemaPropsOrBool: a schema, else a boolean.</summary>
    SchemaOrBool,

    /// <summary>apiextensions JSONSchemaPropsOrStringArray: an array of strings, else a schema.</summary>
    SchemaOrStringArray,

    /// <summary>A message standing for a Go slice (authentication ExtraValue, meta Verbs): its items as an array.</summary>
    SliceWrapper,
}
