using System.Globalization;
using System.Text.Json.Nodes;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary>A service's PORT(S) cell: <c>80/TCP,443:31000/TCP</c> (node port after the colon).</summary>
internal static class ServicePorts
{
    public static string Format(JsonObject service) =>
        string.Join(",", service.Objs("spec", "ports").Select(p =>
        {
            var port = p.Long("port").ToString(CultureInfo.InvariantCulture);
            var protocol = p.StrOrNull("protocol") ?? "TCP";
            var nodePort = p.Long("nodePort");
            return nodePort > 0
                ? port + ":" + nodePort.ToString(CultureInfo.InvariantCulture) + "/" + protocol
                : port + "/" + protocol;
        }));
}
