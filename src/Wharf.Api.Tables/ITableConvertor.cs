using System.Text.Json.Nodes;

namespace Wharf.Api.Tables;

/// <summary>
/// Turns one stored object into a Table row, the way the upstream API server's printers do.
/// </summary>
/// <remarks>
/// Cells are always produced for every column, wide ones included: the upstream server prints
/// with <c>Wide: true</c> and kubectl hides priority-1 columns itself.
/// </remarks>
public interface ITableConvertor
{
    /// <summary>Column definitions, in the order the cells are produced.</summary>
    IReadOnlyList<TableColumn> Columns { get; }

    /// <summary>
    /// The row cells for <paramref name="obj"/> (the object's JSON as stored/served), one per column.
    /// Values are JSON strings, integers, numbers or booleans; <c>null</c> where upstream emits null.
    /// </summary>
    /// <param name="obj">The object, e.g. a Pod as served by the API.</param>
    /// <param name="now">Reference time for ages such as <c>5m</c>.</param>
    IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now);
}
