using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary><c>kubectl get endpoints</c>: NAME ENDPOINTS AGE, endpoints as <c>ip:port</c> capped at three.</summary>
internal sealed class EndpointsPrinter : ITableConvertor
{
    private const int Max = 3;

    private static readonly TableColumn[] ColumnSet = [Col.Name(), Col.Str("Endpoints", Docs.EndpointsSubsets), Col.Age()];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now) =>
    [
        Cell.Str(obj.Str("metadata", "name")),
        Cell.Str(Format(obj)),
        Cell.Str(Timestamps.Age(obj, now)),
    ];

    private static string Format(JsonObject endpoints)
    {
        var subsets = endpoints.Objs("subsets").ToList();
        if (subsets.Count == 0)
        {
            return Text.None;
        }

        var list = new List<string>();
        var count = 0;
        foreach (var subset in subsets)
        {
            var addresses = subset.Objs("addresses").Select(a => a.Str("ip")).ToList();
            var ports = subset.Objs("ports").ToList();
            if (ports.Count == 0)
            {
                // Headless services may publish addresses without ports.
                count += addresses.Count;
                list.AddRange(addresses.Take(Max - list.Count));
                continue;
            }

            foreach (var port in ports)
            {
                count += addresses.Count;
                var portText = port.Long("port").ToString(CultureInfo.InvariantCulture);
                list.AddRange(addresses.Take(Max - list.Count).Select(ip => JoinHostPort(ip, portText)));
            }
        }

        var text = string.Join(",", list);
        return count > list.Count && list.Count == Max
            ? text + " + " + (count - Max).ToString(CultureInfo.InvariantCulture) + " more..."
            : text;
    }

    // Go's net.JoinHostPort brackets hosts containing a colon (IPv6).
    private static string JoinHostPort(string host, string port) =>
        host.Contains(':') ? "[" + host + "]:" + port : host + ":" + port;
}
