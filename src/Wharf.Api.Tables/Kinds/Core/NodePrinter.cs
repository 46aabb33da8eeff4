using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary>
/// <c>kubectl get nodes</c>: NAME STATUS ROLES AGE VERSION [INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME].
/// STATUS is <c>Ready</c>/<c>NotReady</c>/<c>Unknown</c> plus <c>,SchedulingDisabled</c> when cordoned.
/// </summary>
internal sealed class NodePrinter : ITableConvertor
{
    private const string RolePrefix = "node-role.kubernetes.io/";
    private const string RoleLabel = "kubernetes.io/role";

    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Status", "The status of the node"),
        Col.Str("Roles", "The roles of the node"),
        Col.Age(),
        Col.Str("Version", Docs.NodeInfoKubeletVersion),
        Col.WideStr("Internal-IP", Docs.NodeStatusAddresses),
        Col.WideStr("External-IP", Docs.NodeStatusAddresses),
        Col.WideStr("OS-Image", Docs.NodeInfoOSImage),
        Col.WideStr("Kernel-Version", Docs.NodeInfoKernelVersion),
        Col.WideStr("Container-Runtime", Docs.NodeInfoContainerRuntime),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(Status(obj)),
        Cell.Str(Text.OrNone(string.Join(",", Roles(obj)))),
        Cell.Str(Timestamps.Age(obj, now)),
        Cell.Str(obj.Str("status", "nodeInfo", "kubeletVersion")),
        Cell.Str(Address(obj, "InternalIP")),
        Cell.Str(Address(obj, "ExternalIP")),
        Cell.Str(Text.OrUnknown(obj.Str("status", "nodeInfo", "osImage"))),
        Cell.Str(Text.OrUnknown(obj.Str("status", "nodeInfo", "kernelVersion"))),
        Cell.Str(Text.OrUnknown(obj.Str("status", "nodeInfo", "containerRuntimeVersion"))),
    ];

    private static string Status(JsonObject node)
    {
        // Only the Ready condition counts; the last entry of a type wins, as with upstream's map.
        var ready = node.Objs("status", "conditions").LastOrDefault(c => c.Str("type") == "Ready");
        var status = ready is null ? "Unknown" : ready.Str("status") == "True" ? "Ready" : "NotReady";
        return node.Bool("spec", "unschedulable") ? status + ",SchedulingDisabled" : status;
    }

    private static IEnumerable<string> Roles(JsonObject node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.StringMap("metadata", "labels"))
        {
            if (key.StartsWith(RolePrefix, StringComparison.Ordinal) && key.Length > RolePrefix.Length)
            {
                roles.Add(key[RolePrefix.Length..]);
            }
            else if (key == RoleLabel && value.Length > 0)
            {
                roles.Add(value);
            }
        }

        return roles;
    }

    private static string Address(JsonObject node, string type) =>
        node.Objs("status", "addresses").FirstOrDefault(a => a.Str("type") == type)?.Str("address") ?? Text.None;
}
