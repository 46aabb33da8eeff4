using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Networking;

/// <summary><c>kubectl get ingressclass</c>: NAME CONTROLLER PARAMETERS AGE; parameters as <c>Kind.group/name</c>.</summary>
internal sealed class IngressClassPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Controller", "Controller that is responsible for handling this class"),
        Col.Str("Parameters", "A reference to a resource with additional parameters"),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var parameters = Text.None;
        if (obj.At("spec", "parameters") is JsonObject p)
        {
            parameters = p.Str("kind");
            if (p.StrOrNull("apiGroup") is { } group)
            {
                parameters += "." + group;
            }

            parameters += "/" + p.Str("name");
        }

        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(obj.Str("spec", "controller")),
            Cell.Str(parameters),
            Cell.Str(Timestamps.Age(obj, now)),
        ];
    }
}
