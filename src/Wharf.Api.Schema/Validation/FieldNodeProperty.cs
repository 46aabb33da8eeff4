namespace Wharf.Api.Schema.Validation;

/// <summary>A known field of an object schema: its name, its position among the object's fields, its schema.</summary>
internal sealed record FieldNodeProperty(string Name, int Index, FieldNode Node);
