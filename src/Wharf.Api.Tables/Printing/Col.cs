namespace Wharf.Api.Tables.Printing;

/// <summary>Short constructors for column definitions so printers read like the upstream tables.</summary>
internal static class Col
{
    /// <summary>The leading object-name column every printer starts with.</summary>
    public static TableColumn Name() => new("Name", ColumnType.String, "name", Docs.MetaName, 0);

    /// <summary>The <c>Age</c> column (creation timestamp printed as a human duration).</summary>
    public static TableColumn Age() => new("Age", ColumnType.String, "", Docs.MetaCreationTimestamp, 0);

    public static TableColumn Str(string name, string description) => new(name, ColumnType.String, "", description, 0);

    public static TableColumn Int(string name, string description) => new(name, ColumnType.Integer, "", description, 0);

    public static TableColumn Bool(string name, string description) => new(name, ColumnType.Boolean, "", description, 0);

    /// <summary>A priority-1 (<c>-o wide</c> only) copy of <paramref name="column"/>.</summary>
    public static TableColumn Wide(TableColumn column) => column with { Priority = 1 };

    public static TableColumn WideStr(string name, string description) => Wide(Str(name, description));

    /// <summary>The wide Containers / Images pair shared by workload printers.</summary>
    public static TableColumn[] ContainersAndImages() =>
    [
        WideStr("Containers", "Names of each container in the template."),
        WideStr("Images", "Images referenced by each container in the template."),
    ];
}
