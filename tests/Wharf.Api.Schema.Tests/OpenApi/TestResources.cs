using System.Text.Json;
using Wharf.Api.Schema.OpenApi;

namespace Wharf.Api.Schema.Tests.OpenApi;

internal static class TestResources
{
    public static readonly string[] AllVerbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];

    public static ServedResource Deployment => new("apps", "v1", "Deployment", "deployments", true, AllVerbs)
    {
        Subresources =
        [
            new ServedSubresource("scale", new GroupVersionKind("autoscaling", "v1", "Scale"), ["get", "patch", "update"]),
            new ServedSubresource("status", new GroupVersionKind("apps", "v1", "Deployment"), ["get", "patch", "update"]),
        ],
    };

    public static ServedResource Pod => new("", "v1", "Pod", "pods", true, AllVerbs)
    {
        Subresources =
        [
            new ServedSubresource("exec", new GroupVersionKind("", "v1", "PodExecOptions"), ["create", "get"]),
            new ServedSubresource("status", new GroupVersionKind("", "v1", "Pod"), ["get", "patch", "update"]),
        ],
    };

    public static ServedResource Service => new("", "v1", "Service", "services", true, AllVerbs);

    public static ServedResource ConfigMap => new("", "v1", "ConfigMap", "configmaps", true, AllVerbs);

    public static ServedResource Namespace => new("", "v1", "Namespace", "namespaces", false, ["create", "delete", "get", "list", "patch", "update", "watch"]);

    public const string CronTabSchema = """
        {"type":"object","properties":{
          "spec":{"type":"object","properties":{
            "cronSpec":{"type":"string"},
            "replicas":{"type":"integer"},
            "labels":{"type":"object","additionalProperties":{"type":"string"}},
            "steps":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"}}}},
            "extra":{"type":"object","x-kubernetes-preserve-unknown-fields":true,"properties":{"known":{"type":"object","properties":{"a":{"type":"string"}}}}},
            "template":{"type":"object","x-kubernetes-embedded-resource":true,"properties":{"spec":{"type":"object"}}}
          }},
          "status":{"type":"object","properties":{"ready":{"type":"boolean"}}}
        }}
        """;

    public static ServedResource CronTab => new("stable.example.com", "v1", "CronTab", "crontabs", true, AllVerbs)
    {
        CustomResourceSchema = JsonDocument.Parse(CronTabSchema).RootElement.Clone(),
        Subresources = [new ServedSubresource("status", new GroupVersionKind("stable.example.com", "v1", "CronTab"), ["get", "patch", "update"])],
    };
}
