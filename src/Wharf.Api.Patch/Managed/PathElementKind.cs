namespace Wharf.Api.Patch.Managed;

/// <summary>The four FieldsV1 path element forms, in upstream's sort order.</summary>
public enum PathElementKind
{
    /// <summary><c>f:name</c>, a field of a struct or a key of a map.</summary>
    Field = 0,

    /// <summary><c>k:{"name":"c1"}</c>, an item of an associative list by its list-map keys.</summary>
    Key = 1,

    /// <summary><c>v:"x"</c>, an item of a set list by value.</summary>
    Value = 2,

    /// <summary><c>i:3</c>, an item of a list by index.</summary>
    Index = 3,
}
