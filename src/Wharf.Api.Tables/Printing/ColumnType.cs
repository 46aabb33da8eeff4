namespace Wharf.Api.Tables.Printing;

/// <summary>Column <c>type</c> values used in Table column definitions.</summary>
internal static class ColumnType
{
    public const string String = "string";
    public const string Integer = "integer";
    public const string Number = "number";
    public const string Boolean = "boolean";
    public const string Date = "date";
}
