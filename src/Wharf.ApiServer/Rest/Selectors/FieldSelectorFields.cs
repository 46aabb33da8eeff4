using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Rest.Selectors;

/// <summary>The field labels upstream supports per resource, and how each is read from an object.</summary>
public static class FieldSelectorFields
{
    private static readonly Dictionary<(string Group, string Resource), string[]> Extra = new()
    {
        [("", "pods")] = ["spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName", "spec.hostNetwork",
            "status.phase", "status.podIP", "status.podIPs", "status.nominatedNodeName"],
        [("", "events")] = ["involvedObject.kind", "involvedObject.namespace", "involvedObject.name", "involvedObject.uid",
            "involvedObject.apiVersion", "involvedObject.resourceVersion", "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"],
        [("events.k8s.io", "events")] = ["regarding.kind", "regarding.namespace", "regarding.name", "regarding.uid", "regarding.apiVersion",
            "regarding.resourceVersion", "regarding.fieldPath", "reason", "reportingController", "type"],
        [("", "secrets")] = ["type"],
        [("", "namespaces")] = ["status.phase"],
        [("", "nodes")] = ["spec.unschedulable"],
        [("", "services")] = ["spec.clusterIP", "spec.type"],
        [("", "replicationcontrollers")] = ["status.replicas"],
        [("apps", "replicasets")] = ["status.replicas"],
        [("batch", "jobs")] = ["status.successful"],
        [("", "persistentvolumes")] = ["name"],
        [("certificates.k8s.io", "certificatesigningrequests")] = ["spec.signerName"],
    };

    // Cluster-scoped kinds whose upstream conversion does not know metadata.namespace.
    private static readonly HashSet<(string, string)> NoNamespaceField = [("", "nodes"), ("", "namespaces")];

    public static bool Supports(string group, string resource, string field) =>
        (field == "metadata.name" || (field == "metadata.namespace" && !NoNamespaceField.Contains((group, resource)))) ||
        (Extra.TryGetValue((group, resource), out var fields) && fields.Contains(field));

    /// <summary>Throws upstream's 400 for an unsupported field: kinds with their own conversion and the default one word it differently.</summary>
    public static void Check(string group, string resource, string field)
    {
        if (Supports(group, resource, field)) return;
        if (Extra.ContainsKey((group, resource)))
            throw StatusErrors.BadRequest($"field label not supported: {field}");
        throw StatusErrors.BadRequest($"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"");
    }

    public static string ValueOf(JsonObject obj, string field)
    {
        switch (field)
        {
            case "source":
                return obj["source"]?["component"]?.ToString() ?? "";
            case "name":
                return obj["metadata"]?["name"]?.ToString() ?? "";
            case "status.podIPs":
                return obj["status"]?["podIPs"]?[0]?["ip"]?.ToString() ?? "";
            case "spec.hostNetwork":
            case "spec.unschedulable":
                return (obj["spec"]?[field[5..]].Bool() ?? false) ? "true" : "false";
            case "status.replicas":
            case "status.successful":
                return obj["status"]?[field[7..]]?.ToString() ?? "0";
        }
        JsonNode? node = obj;
        foreach (var part in field.Split('.'))
            node = node is JsonObject o ? o[part] : null;
        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
