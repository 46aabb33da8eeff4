using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Networking;

/// <summary><c>kubectl get ing</c>: NAME CLASS HOSTS ADDRESS PORTS AGE.</summary>
internal sealed class IngressPrinter : ITableConvertor
{
    private const int MaxHosts = 3;

    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("Class", "The name of the IngressClass resource that should be used for additional configuration"),
        Col.Str("Hosts", "Hosts that incoming requests are matched against before the ingress rule"),
        Col.Str("Address", "Address is a list containing ingress points for the load-balancer"),
        Col.Str("Ports", "Ports of TLS configurations that open"),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(obj.StrOrNull("spec", "ingressClassName") ?? Text.None),
        Cell.Str(Hosts(obj)),
        Cell.Str(LoadBalancerIngress.Format(obj.At("status", "loadBalancer"))),
        Cell.Str(obj.Arr("spec", "tls").Count != 0 ? "80, 443" : "80"),
        Cell.Str(Timestamps.Age(obj, now)),
    ];

    // Upstream quirk kept: hostless rules still count towards "+ N more..." once three hosts are listed.
    private static string Hosts(JsonObject ingress)
    {
        var rules = ingress.Arr("spec", "rules");
        var list = new List<string>();
        var more = false;
        foreach (var rule in rules)
        {
            if (list.Count == MaxHosts)
            {
                more = true;
            }

            var host = rule.Str("host");
            if (!more && host.Length != 0)
            {
                list.Add(host);
            }
        }

        if (list.Count == 0)
        {
            return "*";
        }

        var text = string.Join(",", list);
        return more ? text + " + " + (rules.Count - MaxHosts).ToString(CultureInfo.InvariantCulture) + " more..." : text;
    }
}
