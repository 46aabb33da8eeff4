using System.Text.Json.Nodes;
using Wharf.Api.Patch.Schema;

namespace Wharf.Api.Patch.Tests.Support;

/// <summary>
/// A small definitions table in the api-schema.json format with the Pod/Deployment/Node shapes kubectl patches
/// touch; facts (merge keys, strategies, list types) as in upstream's 1.32 swagger.
/// </summary>
internal static class TestSchemas
{
    private const string Definitions = """
    {
      "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta": {"type":"object","properties":{
        "name":{"type":"string"},"namespace":{"type":"string"},"uid":{"type":"string"},"resourceVersion":{"type":"string"},
        "generation":{"type":"integer"},"creationTimestamp":{"type":"string"},
        "labels":{"type":"object","additionalProperties":{"type":"string"}},
        "annotations":{"type":"object","additionalProperties":{"type":"string"}},
        "finalizers":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"set","x-kubernetes-patch-strategy":"merge"},
        "ownerReferences":{"type":"array","items":{"$ref":"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference"},"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["uid"],"x-kubernetes-patch-merge-key":"uid","x-kubernetes-patch-strategy":"merge"},
        "managedFields":{"type":"array","items":{"type":"object"},"x-kubernetes-list-type":"atomic"}}},
      "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference": {"type":"object","properties":{"uid":{"type":"string"},"name":{"type":"string"},"kind":{"type":"string"}}},
      "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector": {"type":"object","x-kubernetes-map-type":"atomic","properties":{
        "matchLabels":{"type":"object","additionalProperties":{"type":"string"}}}},
      "io.k8s.api.core.v1.Pod": {"type":"object","x-kubernetes-group-version-kind":[{"group":"","kind":"Pod","version":"v1"}],"properties":{
        "apiVersion":{"type":"string"},"kind":{"type":"string"},
        "metadata":{"$ref":"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
        "spec":{"$ref":"#/definitions/io.k8s.api.core.v1.PodSpec"},"status":{"type":"object","properties":{"phase":{"type":"string"}}}}},
      "io.k8s.api.core.v1.PodTemplateSpec": {"type":"object","properties":{
        "metadata":{"$ref":"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
        "spec":{"$ref":"#/definitions/io.k8s.api.core.v1.PodSpec"}}},
      "io.k8s.api.core.v1.PodSpec": {"type":"object","properties":{
        "containers":{"type":"array","items":{"$ref":"#/definitions/io.k8s.api.core.v1.Container"},"x-kubernetes-list-map-keys":["name"],"x-kubernetes-list-type":"map","x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge"},
        "initContainers":{"type":"array","items":{"$ref":"#/definitions/io.k8s.api.core.v1.Container"},"x-kubernetes-list-map-keys":["name"],"x-kubernetes-list-type":"map","x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge"},
        "ephemeralContainers":{"type":"array","items":{"$ref":"#/definitions/io.k8s.api.core.v1.EphemeralContainer"},"x-kubernetes-list-map-keys":["name"],"x-kubernetes-list-type":"map","x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge"},
        "volumes":{"type":"array","items":{"$ref":"#/definitions/io.k8s.api.core.v1.Volume"},"x-kubernetes-list-map-keys":["name"],"x-kubernetes-list-type":"map","x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge,retainKeys"},
        "nodeSelector":{"type":"object","additionalProperties":{"type":"string"},"x-kubernetes-map-type":"atomic"},
        "tolerations":{"type":"array","items":{"type":"object","properties":{"key":{"type":"string"},"effect":{"type":"string"}}},"x-kubernetes-list-type":"atomic"},
        "args":{"type":"array","items":{"type":"string"}},
        "restartPolicy":{"type":"string"},"nodeName":{"type":"string"},"terminationGracePeriodSeconds":{"type":"integer"}}},
      "io.k8s.api.core.v1.Container": {"type":"object","properties":{
        "name":{"type":"string"},"image":{"type":"string"},
        "command":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"atomic"},
        "args":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"atomic"},
        "ports":{"type":"array","items":{"$ref":"#/definitions/io.k8s.api.core.v1.ContainerPort"},"x-kubernetes-list-map-keys":["containerPort","protocol"],"x-kubernetes-list-type":"map","x-kubernetes-patch-merge-key":"containerPort","x-kubernetes-patch-strategy":"merge"},
        "env":{"type":"array","items":{"$ref":"#/definitions/io.k8s.api.core.v1.EnvVar"},"x-kubernetes-list-map-keys":["name"],"x-kubernetes-list-type":"map","x-kubernetes-patch-merge-key":"name","x-kubernetes-patch-strategy":"merge"},
        "resources":{"type":"object","properties":{"limits":{"type":"object","additionalProperties":{"type":"string"}},"requests":{"type":"object","additionalProperties":{"type":"string"}}}}}},
      "io.k8s.api.core.v1.EphemeralContainer": {"type":"object","properties":{
        "name":{"type":"string"},"image":{"type":"string"},"targetContainerName":{"type":"string"},"stdin":{"type":"boolean"},"tty":{"type":"boolean"},
        "terminationMessagePolicy":{"type":"string"},"resources":{"type":"object","properties":{}},
        "command":{"type":"array","items":{"type":"string"},"x-kubernetes-list-type":"atomic"}}},
      "io.k8s.api.core.v1.ContainerPort": {"type":"object","properties":{"containerPort":{"type":"integer"},"protocol":{"type":"string"},"name":{"type":"string"}}},
      "io.k8s.api.core.v1.EnvVar": {"type":"object","properties":{"name":{"type":"string"},"value":{"type":"string"}}},
      "io.k8s.api.core.v1.Volume": {"type":"object","properties":{"name":{"type":"string"},
        "emptyDir":{"type":"object","properties":{"medium":{"type":"string"}}},
        "hostPath":{"type":"object","properties":{"path":{"type":"string"}}},
        "configMap":{"type":"object","properties":{"name":{"type":"string"}}}}},
      "io.k8s.api.apps.v1.Deployment": {"type":"object","x-kubernetes-group-version-kind":[{"group":"apps","kind":"Deployment","version":"v1"}],"properties":{
        "apiVersion":{"type":"string"},"kind":{"type":"string"},
        "metadata":{"$ref":"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
        "spec":{"$ref":"#/definitions/io.k8s.api.apps.v1.DeploymentSpec"},
        "status":{"type":"object","properties":{"replicas":{"type":"integer"}}}}},
      "io.k8s.api.apps.v1.DeploymentSpec": {"type":"object","properties":{
        "replicas":{"type":"integer"},
        "selector":{"$ref":"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector"},
        "strategy":{"$ref":"#/definitions/io.k8s.api.apps.v1.DeploymentStrategy","x-kubernetes-patch-strategy":"retainKeys"},
        "template":{"$ref":"#/definitions/io.k8s.api.core.v1.PodTemplateSpec"}}},
      "io.k8s.api.apps.v1.DeploymentStrategy": {"type":"object","properties":{"type":{"type":"string"},
        "rollingUpdate":{"type":"object","properties":{"maxSurge":{"type":"string","format":"int-or-string"},"maxUnavailable":{"type":"string","format":"int-or-string"}}}}},
      "io.k8s.api.core.v1.Node": {"type":"object","x-kubernetes-group-version-kind":[{"group":"","kind":"Node","version":"v1"}],"properties":{
        "apiVersion":{"type":"string"},"kind":{"type":"string"},
        "metadata":{"$ref":"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"},
        "spec":{"$ref":"#/definitions/io.k8s.api.core.v1.NodeSpec"}}},
      "io.k8s.api.core.v1.NodeSpec": {"type":"object","properties":{
        "unschedulable":{"type":"boolean"},"podCIDR":{"type":"string"},
        "taints":{"type":"array","items":{"$ref":"#/definitions/io.k8s.api.core.v1.Taint"},"x-kubernetes-list-type":"atomic"}}},
      "io.k8s.api.core.v1.Taint": {"type":"object","properties":{"key":{"type":"string"},"value":{"type":"string"},"effect":{"type":"string"}}}
    }
    """;

    public static readonly DefinitionsPatchSchema Table = new((JsonObject)JsonNode.Parse(Definitions)!);

    public static SchemaNode Pod => Table.FindKind("v1", "Pod")!;

    public static SchemaNode Deployment => Table.FindKind("apps/v1", "Deployment")!;

    public static SchemaNode Node => Table.FindKind("v1", "Node")!;

    /// <summary>The generated 1.32 schema when the sibling project has produced it (null otherwise).</summary>
    public static DefinitionsPatchSchema? Real { get; } = LoadReal();

    private static DefinitionsPatchSchema? LoadReal()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Wharf.sln")))
        {
            dir = dir.Parent;
        }

        var path = dir is null ? null : Path.Combine(dir.FullName, "src", "Wharf.Api.Schema", "Generated", "api-schema.json");
        return path is not null && File.Exists(path) ? new DefinitionsPatchSchema((JsonObject)JsonNode.Parse(File.ReadAllText(path))!) : null;
    }
}
