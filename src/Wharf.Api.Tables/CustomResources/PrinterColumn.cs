using System.Text.Json.Nodes;

namespace Wharf.Api.Tables.CustomResources;

/// <summary>One compiled <c>additionalPrinterColumns</c> entry of a CRD version.</summary>
internal sealed record PrinterColumn(TableColumn Definition, JsonPathExpression Path)
{
    /// <summary>Compiles a CRD column; throws <see cref="FormatException"/> for an unsupported jsonPath.</summary>
    public static PrinterColumn From(JsonObject column)
    {
        var jsonPath = Printing.Json.Str(column, "jsonPath");
        var description = Printing.Json.Str(column, "description");
        if (description.Length == 0)
        {
            description = "Custom resource definition column (in JSONPath format): " + jsonPath;
        }

        var definition = new TableColumn(
            Printing.Json.Str(column, "name"),
            Printing.Json.Str(column, "type"),
            Printing.Json.Str(column, "format"),
            description,
            (int)Printing.Json.Long(column, "priority"));
        return new PrinterColumn(definition, JsonPathExpression.Parse(jsonPath));
    }
}
