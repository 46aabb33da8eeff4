using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Core;

/// <summary>Services: DNS-1035 names, upstream's spec defaults, clusterIP immutable once set.</summary>
internal sealed class ServiceStrategy : ResourceStrategy
{
    public ServiceStrategy()
    {
        NameFormat = NameFormat.Dns1035Label;
        HasStatusSubresource = true;
    }

    protected override void InitialStatus(JsonObject obj) => obj["status"] = new JsonObject { ["loadBalancer"] = new JsonObject() };

    protected override void ApplyDefaults(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        spec.Default("type", "ClusterIP");
        var type = spec.Str("type");
        if (type != "ExternalName")
        {
            spec.Default("sessionAffinity", "None");
            spec.Default("internalTrafficPolicy", "Cluster");
        }
        if (type is "NodePort" or "LoadBalancer")
            spec.Default("externalTrafficPolicy", "Cluster");
        foreach (var port in spec["ports"].Objects())
        {
            port.Default("protocol", "TCP");
            if (port["targetPort"] is null && port["port"] is { } number)
                port["targetPort"] = number.DeepClone();
        }
    }

    protected override IEnumerable<FieldError> ValidateObject(JsonObject obj)
    {
        var spec = obj["spec"] as JsonObject;
        var type = spec.Str("type");
        string[] types = ["ClusterIP", "NodePort", "LoadBalancer", "ExternalName"];
        if (type is not null && !types.Contains(type))
            yield return FieldError.NotSupported("spec.type", type, types);
        var ports = spec?["ports"] as JsonArray;
        if (type != "ExternalName" && spec.Str("clusterIP") != "None" && (ports is null || ports.Count == 0))
            yield return FieldError.Required("spec.ports");
        var index = 0;
        var names = new HashSet<string>();
        foreach (var port in spec?["ports"].Objects() ?? [])
        {
            var path = $"spec.ports[{index}]";
            var number = port["port"].Long() ?? 0;
            if (number is < 1 or > 65535)
                yield return FieldError.Invalid($"{path}.port", number, "must be between 1 and 65535, inclusive");
            var name = port.Str("name");
            if ((ports?.Count ?? 0) > 1 && string.IsNullOrEmpty(name))
                yield return FieldError.Required($"{path}.name");
            if (!string.IsNullOrEmpty(name) && !names.Add(name))
                yield return FieldError.Duplicate($"{path}.name", name);
            var protocol = port.Str("protocol");
            if (protocol is not null && protocol is not ("TCP" or "UDP" or "SCTP"))
                yield return FieldError.NotSupported($"{path}.protocol", protocol, ["SCTP", "TCP", "UDP"]);
            index++;
        }
        if (type == "ExternalName" && string.IsNullOrEmpty(spec.Str("externalName")))
            yield return FieldError.Required("spec.externalName");
    }

    protected override IEnumerable<FieldError> ValidateTransition(JsonObject obj, JsonObject old)
    {
        var oldIp = old["spec"].Str("clusterIP");
        var newIp = obj["spec"].Str("clusterIP");
        if (!string.IsNullOrEmpty(oldIp) && old["spec"].Str("type") != "ExternalName" && obj["spec"].Str("type") != "ExternalName" && newIp != oldIp)
            yield return FieldError.Invalid("spec.clusterIPs[0]", newIp ?? "", "may not change once set");
    }
}
