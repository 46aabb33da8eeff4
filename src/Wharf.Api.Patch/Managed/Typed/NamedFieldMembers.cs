using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Managed.Typed;

/// <summary>
/// Upstream's EnsureNamedFieldsAreMembers: a declared struct field with owned children also counts as a member,
/// so pruning can remove the whole field once nobody owns anything below it.
/// </summary>
internal static class NamedFieldMembers
{
    public static FieldSet Ensure(FieldSet set, SchemaNode? schema)
    {
        var result = new FieldSet();
        foreach (var member in set.Members)
        {
            result.AddMember(member);
        }

        foreach (var (element, child) in set.Children)
        {
            if (child.IsEmpty)
            {
                continue;
            }

            SchemaNode? childSchema = null;
            if (element.Kind == PathElementKind.Field)
            {
                if (TypedShape.IsDeclaredField(schema, element.FieldName!))
                {
                    result.AddMember(element);
                }

                childSchema = schema?.Field(element.FieldName!);
            }
            else if (element.Kind == PathElementKind.Key)
            {
                childSchema = schema?.Items;
            }

            result.AddChildIfNotEmpty(element, Ensure(child, childSchema));
        }

        return result;
    }
}
