using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Networking;

/// <summary><c>kubectl get endpointslices</c>: NAME ADDRESSTYPE PORTS ENDPOINTS AGE (lists capped at three).</summary>
internal sealed class EndpointSlicePrinter : ITableConvertor
{
    private const int Max = 3;

    private static readonly TableColumn[] ColumnSet =
    [
        Col.Name(),
        Col.Str("AddressType", Docs.EndpointSliceAddressType),
        Col.Str("Ports", Docs.EndpointSlicePorts),
        Col.Str("Endpoints", Docs.EndpointSliceEndpoints),
        Col.Age(),
    ];

    public IReadOnlyList<TableColumn> Columns => ColumnSet;

    public IReadOnlyList<JsonNode?> Cells(JsonObject obj, DateTimeOffset now)
    {
        // A port without number prints its name, or "*" for "all ports".
        var ports = obj.Objs("ports")
            .Select(p => p.LongOrNull("port")?.ToString(CultureInfo.InvariantCulture) ?? p.StrOrNull("name") ?? "*")
            .ToList();
        var addresses = obj.Objs("endpoints").SelectMany(e => e.Arr("addresses").Select(a => a.Str())).ToList();
        return
        [
            Cell.Str(obj.Str("metadata", "name")),
            Cell.Str(obj.Str("addressType")),
            Cell.Str(ListWithMore.Format(ports, Max)),
            Cell.Str(ListWithMore.Format(addresses, Max)),
            Cell.Str(Timestamps.Age(obj, now)),
        ];
    }
}
