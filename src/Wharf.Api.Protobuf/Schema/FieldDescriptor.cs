namespace Wharf.Api.Protobuf.Schema;

/// <summary>One field of a message as the generated table describes it.</summary>
internal sealed class FieldDescriptor
{
    public FieldDescriptor(int number, string jsonName, ValueKind kind, string typeName, bool isRepeated,
        ValueKind? mapKey, bool omitEmpty, bool isPointer, bool isInline)
    {
        Number = number;
        JsonName = jsonName;
        Kind = kind;
        TypeName = typeName;
        IsRepeated = isRepeated;
        MapKey = mapKey;
        OmitEmpty = omitEmpty;
        IsPointer = isPointer;
        IsInline = isInline;
    }

    public int Number { get; }

    /// <summary>The Go json tag name (or the proto name where upstream has no Go tag).</summary>
    public string JsonName { get; }

    /// <summary>The kind of each value (for a map: of each map value).</summary>
    public ValueKind Kind { get; }

    /// <summary>The scalar name or the fully qualified message name from the table.</summary>
    public string TypeName { get; }

    /// <summary>The referenced message when <see cref="Kind"/> is <see cref="ValueKind.Message"/>; set once the table is linked.</summary>
    public MessageDescriptor? Message { get; internal set; }

    public bool IsRepeated { get; }

    /// <summary>Non-null for map fields: the kind of the keys.</summary>
    public ValueKind? MapKey { get; }

    public bool IsMap => MapKey is not null;

    /// <summary>Go json tag has omitempty.</summary>
    public bool OmitEmpty { get; }

    /// <summary>The Go field is a pointer, so a zero value that is present on the wire is still "set".</summary>
    public bool IsPointer { get; }

    /// <summary>Go json tag is ",inline": the field's properties merge into the parent object.</summary>
    public bool IsInline { get; }

    /// <summary>Whether a zero scalar found on the wire is left out of the JSON, as Go's encoder would.</summary>
    public bool DropsZero => OmitEmpty && !IsPointer;
}
