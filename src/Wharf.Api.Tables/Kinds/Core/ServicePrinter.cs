using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary><c>kubectl get svc</c>: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE [SELECTOR].</summary>
internal sealed class ServicePrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Type", Docs.SvcSpecType),
        Col.Str("Cluster-IP", Docs.SvcSpecClusterIP),
        Col.Str("External-IP", Docs.SvcSpecExternalIPs),
        Col.Str("Port(s)", Docs.SvcSpecPorts),
        Col.Age(),
        Col.WideStr("Selector", Docs.SvcSpecSelector),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        // Defaulting sets type ClusterIP; the v1 → internal conversion makes clusterIP authoritative for clusterIPs[0].
        var type = obj.StrOrNull("spec", "type") ?? "ClusterIP";
        var clusterIP = obj.Str("spec", "clusterIP");
        if (clusterIP.Length == 0)
        {
            clusterIP = obj.Arr("spec", "clusterIPs").FirstOrDefault().Str();
        }

        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(type),
            Cell.Str(Text.OrNone(clusterIP)),
            Cell.Str(ServiceExternalIP.Format(obj, type)),
            Cell.Str(Text.OrNone(ServicePorts.Format(obj))),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(Labels.FormatMap(obj, "spec", "selector")),
        ];
    }
}
