namespace Wharf.Api.Patch.Managed;

/// <summary>Values of <c>managedFields[].operation</c>.</summary>
public static class ManagedFieldsOperation
{
    public const string Apply = "Apply";
    public const string Update = "Update";
}
