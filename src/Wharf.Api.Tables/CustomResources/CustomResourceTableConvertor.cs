using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.CustomResources;

/// <summary>
/// Tables for custom resources from a CRD version's <c>additionalPrinterColumns</c>: a Name column,
/// then each column's JSONPath result typed as declared (<c>date</c> printed as an age; values of the
/// wrong type and unmatched paths are null cells). Without columns a CRD gets a single Age column.
/// </summary>
internal sealed class CustomResourceTableConvertor : ITableConvertor
{
    private readonly IReadOnlyList<PrinterColumn> _columns;
    private readonly TableColumn[] _definitions;

    public CustomResourceTableConvertor(IReadOnlyList<PrinterColumn> columns)
    {
        _columns = columns;
        _definitions = [Col.Name(), .. columns.Select(c => c.Definition)];
    }

    /// <summary>
    /// Builds the convertor for CRD printer columns (the JSON array, possibly absent). As upstream,
    /// an unsupported column stops the list there: the columns before it are kept.
    /// </summary>
    public static CustomResourceTableConvertor FromPrinterColumns(JsonArray? printerColumns)
    {
        var columns = new List<PrinterColumn>();
        var specs = printerColumns?.OfType<JsonObject>().ToList() ?? [];
        if (specs.Count == 0)
        {
            specs = [DefaultAgeColumn()];
        }

        foreach (var spec in specs)
        {
            try
            {
                columns.Add(PrinterColumn.From(spec));
            }
            catch (FormatException)
            {
                break;
            }
        }

        return new CustomResourceTableConvertor(columns);
    }

    public IReadOnlyList<TableColumn> Columns => _definitions;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var cells = new List<JsonNode?>(_definitions.Length) { Cell.Str(obj.Str("metadata", "name")) };
        foreach (var column in _columns)
        {
            JsonNode? value;
            try
            {
                var results = column.Path.Evaluate(obj).ToList();
                if (results.Count == 0)
                {
                    cells.Add(null);
                    continue;
                }

                value = results[0];
            }
            catch (InvalidOperationException)
            {
                cells.Add(null);
                continue;
            }

            cells.Add(TypedCell(column.Definition.Type, value, now));
        }

        return cells;
    }

    // Served when a CRD version declares no columns (apiextensions' default).
    private static JsonObject DefaultAgeColumn() => new()
    {
        ["name"] = "Age",
        ["type"] = ColumnType.Date,
        ["description"] = Docs.MetaCreationTimestamp,
        ["jsonPath"] = ".metadata.creationTimestamp",
    };

    private static JsonNode? TypedCell(string type, JsonNode? value, DateTimeOffset now)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        if (kind == JsonValueKind.Null)
        {
            return null;
        }

        switch (type)
        {
            case ColumnType.String:
                return Cell.Str(GoText.Format(value));
            case ColumnType.Integer when kind == JsonValueKind.Number:
                var raw = value!.ToJsonString();
                return GoText.IsIntegerLiteral(raw) && long.TryParse(raw, CultureInfo.InvariantCulture, out var l)
                    ? Cell.Int(l)
                    : Cell.Int((long)double.Parse(raw, CultureInfo.InvariantCulture));
            case ColumnType.Number when kind == JsonValueKind.Number:
                return Cell.Num(double.Parse(value!.ToJsonString(), CultureInfo.InvariantCulture));
            case ColumnType.Boolean when kind is JsonValueKind.True or JsonValueKind.False:
                return Cell.Bool(kind == JsonValueKind.True);
            case ColumnType.Date when kind == JsonValueKind.String:
                return Cell.Str(DateCell(value!.GetValue<string>(), now));
            default:
                return null;
        }
    }

    private static string DateCell(string text, DateTimeOffset now)
    {
        if (text.Length == 0 || text == "null")
        {
            return Text.Unknown;
        }

        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t) ||
            !text.Contains('T'))
        {
            return "<invalid>";
        }

        return Timestamps.Since(t.Year <= 1 ? null : t, now);
    }
}
