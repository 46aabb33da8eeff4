using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary><c>kubectl get pods</c>: NAME READY STATUS RESTARTS AGE [IP NODE NOMINATED NODE READINESS GATES].</summary>
internal sealed class PodPrinter : ITableConvertor
{
    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        Col.Str("Status", "The aggregate status of the containers in this pod."),
        Col.Str("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        Col.Age(),
        Col.WideStr("IP", Docs.PodStatusPodIP),
        Col.WideStr("Node", Docs.PodSpecNodeName),
        Col.WideStr("Nominated Node", Docs.PodStatusNominatedNodeName),
        Col.WideStr("Readiness Gates", Docs.PodSpecReadinessGates),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        var summary = PodSummary.Of(obj, now);
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(summary.Ready),
            Cell.Str(summary.Status),
            Cell.Str(summary.Restarts),
            Cell.Str(Timestamps.Age(obj, now)),
            Cell.Str(Text.OrNone(PodIP(obj))),
            Cell.Str(Text.OrNone(obj.Str("spec", "nodeName"))),
            Cell.Str(Text.OrNone(obj.Str("status", "nominatedNodeName"))),
            Cell.Str(ReadinessGates(obj)),
        ];
    }

    // The v1 → internal conversion makes podIP authoritative for podIPs[0].
    private static string PodIP(JsonObject pod)
    {
        var ip = pod.Str("status", "podIP");
        return ip.Length > 0 ? ip : pod.Arr("status", "podIPs").FirstOrDefault().Str("ip");
    }

    private static string ReadinessGates(JsonObject pod)
    {
        var gates = pod.Objs("spec", "readinessGates").ToList();
        if (gates.Count == 0)
        {
            return Text.None;
        }

        var conditions = pod.Objs("status", "conditions").ToList();
        var trueCount = gates.Count(g =>
            conditions.FirstOrDefault(c => c.Str("type") == g.Str("conditionType"))?.Str("status") == "True");
        return string.Create(CultureInfo.InvariantCulture, $"{trueCount}/{gates.Count}");
    }
}
