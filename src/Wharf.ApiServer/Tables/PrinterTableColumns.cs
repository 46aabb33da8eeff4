using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Wharf.Api.Tables;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tables;

/// <summary>
/// Table columns from the per-kind printers of Wharf.Api.Tables (upstream's printers), the CRD printer columns for
/// custom resources, and Name/Created At for everything else.
/// </summary>
public sealed class PrinterTableColumns : ITableColumns
{
    private readonly ConcurrentDictionary<ResourceKind, ITableConvertor> _convertors = new();

    public JsonArray ColumnDefinitions(ResourceKind kind)
    {
        var columns = new JsonArray();
        foreach (var column in For(kind).Columns)
        {
            columns.Add(new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type,
                ["format"] = column.Format,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }
        return columns;
    }

    public JsonArray Cells(ResourceKind kind, JsonObject obj, DateTimeOffset now) =>
        new(For(kind).Cells(obj, now).Select(c => c?.DeepClone()).ToArray());

    private ITableConvertor For(ResourceKind kind) => _convertors.GetOrAdd(kind, k =>
        k.CustomResourceSchema is not null || k.AdditionalPrinterColumns is not null
            ? TableConvertors.ForCustomResource(k.AdditionalPrinterColumns)
            : TableConvertors.For(k.Group, k.Plural) ?? TableConvertors.Default);
}
