using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Apps;

/// <summary><c>kubectl get controllerrevisions</c>: NAME CONTROLLER REVISION AGE; controller as <c>kind.group/name</c>.</summary>
internal sealed class ControllerRevisionPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Controller", "Controller of the object"),
        Col.Str("Revision", Docs.ControllerRevisionRevision),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(Controller(obj)),
        Cell.Int(obj.Long("revision")),
        Cell.Str(Timestamps.Age(obj, now)),
    ];

    private static string Controller(JsonObject obj)
    {
        var owner = obj.Objs("metadata", "ownerReferences").FirstOrDefault(o => o.Bool("controller"));
        if (owner is null)
        {
            return Text.None;
        }

        // schema.GroupKind.String(): "Kind.group", or just "Kind" for the core group.
        var apiVersion = owner.Str("apiVersion");
        var slash = apiVersion.IndexOf('/');
        var group = slash >= 0 ? apiVersion[..slash] : "";
        var kind = owner.Str("kind");
        if (kind.Length == 0 && group.Length == 0)
        {
            return owner.Str("name");
        }

        var groupKind = group.Length > 0 ? kind + "." + group : kind;
        return groupKind.ToLowerInvariant() + "/" + owner.Str("name");
    }
}
