using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables;

/// <summary>
/// The API server's fallback for kinds without a printer (Roles, LimitRanges, CRDs…):
/// NAME and CREATED AT, the latter an RFC 3339 UTC timestamp in a <c>date</c> column.
/// </summary>
internal sealed class DefaultTableConvertor : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        new("Created At", ColumnType.Date, "", Docs.MetaCreationTimestamp, 0),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        // A missing timestamp is Go's zero time, which still formats.
        var created = Timestamps.Read(obj, "metadata", "creationTimestamp") ?? DateTimeOffset.MinValue;
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)),
        ];
    }
}
