namespace Wharf.Api.Patch.Strategic;

/// <summary>The Go dynamic type of a decoded JSON value, which strategicpatch switches on.</summary>
internal enum ElementKind
{
    Null,
    Object,
    Array,
    String,
    Number,
    Bool,
}
