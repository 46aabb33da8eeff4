using System.Text.Json.Nodes;
using Wharf.Api.Tables.Formatting;
using Wharf.Api.Tables.Printing;

namespace Wharf.Api.Tables.Kinds.Core;

/// <summary>
/// A service's EXTERNAL-IP cell: spec.externalIPs for ClusterIP/NodePort (<c>&lt;none&gt;</c>),
/// load-balancer ingress then externalIPs for LoadBalancer (<c>&lt;pending&gt;</c> while unassigned),
/// the external name for ExternalName.
/// </summary>
internal static class ServiceExternalIP
{
    public static string Format(JsonObject service, string type)
    {
        var externalIPs = service.Arr("spec", "externalIPs").Select(x => x.Str()).ToList();
        switch (type)
        {
            case "ClusterIP":
            case "NodePort":
                return externalIPs.Count > 0 ? string.Join(",", externalIPs) : Text.None;
            case "LoadBalancer":
                var lb = LoadBalancerIngress.Format(service.At("status", "loadBalancer"));
                if (externalIPs.Count > 0)
                {
                    var all = lb.Length > 0 ? lb.Split(',').Concat(externalIPs) : externalIPs;
                    return string.Join(",", all);
                }

                return lb.Length > 0 ? lb : "<pending>";
            case "ExternalName":
                return service.Str("spec", "externalName");
            default:
                return Text.Unknown;
        }
    }
}
