using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Registry.Networking;

/// <summary>An Ingress backend: a service (DNS-1035 name, port by name xor number) or a typed resource, never both.</summary>
public static class IngressBackendRules
{
    public static IEnumerable<FieldError> Validate(JsonNode? backend, string path)
    {
        var service = backend?["service"] as JsonObject;
        var resource = backend?["resource"] as JsonObject;
        if (service is not null && resource is not null)
        {
            yield return FieldError.Invalid(path, "", "cannot set both resource and service backends");
            yield break;
        }
        if (resource is not null)
        {
            foreach (var e in TypedReference(resource, $"{path}.resource")) yield return e;
            yield break;
        }
        if (service is null)
        {
            yield return FieldError.Invalid(path, "", "resource or service backend is required");
            yield break;
        }
        var name = service.Str("name");
        if (string.IsNullOrEmpty(name))
            yield return FieldError.Required($"{path}.service.name");
        else
            foreach (var msg in NameRules.IsDns1035Label(name))
                yield return FieldError.Invalid($"{path}.service.name", name, msg);
        var portName = service["port"].Str("name");
        var portNumber = service["port"]?["number"].Long() ?? 0;
        if (!string.IsNullOrEmpty(portName) && portNumber != 0)
            yield return FieldError.Invalid(path, "", "cannot set both port name & port number");
        else if (!string.IsNullOrEmpty(portName))
            foreach (var msg in NetworkRules.IsValidPortName(portName))
                yield return FieldError.Invalid($"{path}.service.port.name", portName, msg);
        else if (portNumber != 0)
        {
            if (portNumber is < 1 or > 65535)
                yield return FieldError.Invalid($"{path}.service.port.number", portNumber, NetworkRules.PortRange);
        }
        else
            yield return FieldError.Required(path, "port name or number is required");
    }

    /// <summary>A TypedLocalObjectReference: kind and name required path segments, apiGroup a DNS subdomain.</summary>
    public static IEnumerable<FieldError> TypedReference(JsonObject reference, string path)
    {
        if (reference.Str("apiGroup") is { Length: > 0 } group)
            foreach (var msg in NameRules.IsDns1123Subdomain(group))
                yield return FieldError.Invalid($"{path}.apiGroup", group, msg);
        foreach (var error in ReferenceRules.KindAndName(reference, path))
            yield return error;
    }
}
