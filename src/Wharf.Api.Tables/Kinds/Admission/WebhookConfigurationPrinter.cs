using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Admission;

/// <summary><c>kubectl get mutating|validatingwebhookconfigurations</c>: NAME WEBHOOKS AGE.</summary>
internal sealed class WebhookConfigurationPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Int("Webhooks", "Webhooks indicates the number of webhooks registered in this configuration"),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Int(obj.Count("webhooks")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];
}
