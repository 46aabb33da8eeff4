using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary>
/// <c>kubectl get quota</c>: NAME REQUEST LIMIT AGE; each hard resource as <c>name: used/hard</c>,
/// sorted, <c>limits.*</c> under LIMIT and everything else under REQUEST.
/// </summary>
internal sealed class ResourceQuotaPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Request", "Request represents a minimum amount of cpu/memory that a container may consume."),
        Col.Str("Limit", "Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node."),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var requests = new List<string>();
        var limits = new List<string>();
        if (obj.At("status", "hard") is JsonObject hard)
        {
            foreach (var resource in hard.Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal))
            {
                var used = Quantity.Read(obj, "status", "used", resource) ?? "0";
                var text = resource + ": " + used + "/" + (Quantity.Read(hard, resource) ?? "0");
                var pieces = resource.Split('.');
                (pieces.Length > 1 && pieces[0] == "limits" ? limits : requests).Add(text);
            }
        }

        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(string.Join(", ", requests)),
            Cell.Str(string.Join(", ", limits)),
            Cell.Str(Timestamps.Age(obj, now)),
        ];
    }
}
