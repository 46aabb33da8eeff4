using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tables;

/// <summary>The columns <c>kubectl get</c> prints for a kind and the cells of one object (upstream's printers).</summary>
public interface ITableColumns
{
    /// <summary>Column definitions as Table JSON (<c>name, type, format, description, priority</c>).</summary>
    JsonArray ColumnDefinitions(ResourceKind kind);

    JsonArray Cells(ResourceKind kind, JsonObject obj, DateTimeOffset now);
}
