using System.Text.Json.Nodes;
using Wharf.ApiServer.Patching;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Tests.NodeJoin;

namespace Wharf.ApiServer.Tests.Patching;

/// <summary>
/// A create's managedFields come from the object's own fields (no zero object, no comparison); with the real
/// schemas of built-in kinds that must give byte for byte what the full field manager gives.
/// </summary>
public sealed class CreateTrackingTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 7, 30, 0, TimeSpan.Zero);

    public static TheoryData<string, string, string?> Cases => new()
    {
        { "configmap as the benchmark writes it", """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"ns","uid":"u","creationTimestamp":"2026-11-26T07:30:00Z"},
             "data":{"generation":"0","payload":"xxxx"}}
            """, null },
        { "pod with containers, ports, env, volumes and tolerations", """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"ns","labels":{"app":"a"},"annotations":{"k":"v"},
             "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u1","controller":true}]},
             "spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80,"protocol":"TCP"},{"containerPort":53,"protocol":"UDP"}],
             "env":[{"name":"A","value":"1"},{"name":"B","valueFrom":{"fieldRef":{"fieldPath":"metadata.name"}}}],"resources":{"limits":{"cpu":"1"}},
             "volumeMounts":[{"name":"v","mountPath":"/v"}]}],"volumes":[{"name":"v","emptyDir":{}}],
             "tolerations":[{"key":"k","operator":"Exists","effect":"NoSchedule"}],"nodeSelector":{"a":"b"},"securityContext":{},"dnsPolicy":"ClusterFirst"}}
            """, null },
        { "deployment with status (status subresource: not tracked)", """
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"ns"},
             "spec":{"replicas":2,"selector":{"matchLabels":{"app":"d"}},"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":"25%"}},
             "template":{"metadata":{"labels":{"app":"d"}},"spec":{"containers":[{"name":"c","image":"nginx:1"}]}}},"status":{"replicas":1}}
            """, null },
        { "service with ports keyed by port and protocol", """
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"s","namespace":"ns"},
             "spec":{"type":"ClusterIP","selector":{"app":"a"},"ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},{"name":"dns","port":53,"protocol":"UDP"}]}}
            """, null },
        { "namespace", """{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n","labels":{"kubernetes.io/metadata.name":"n"}},"spec":{"finalizers":["kubernetes"]}}""", null },
        { "empty maps and nulls", """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","labels":{},"annotations":null},"data":{},"binaryData":null}
            """, null },
        { "only server-owned fields", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","namespace":"ns","uid":"u"}}""", null },
        { "managedFields sent as an empty list", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","managedFields":[],"labels":{"a":"b"}},"data":{"k":"v"}}""", null },
        { "managedFields sent as null", """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","managedFields":null},"data":{"k":"v"}}""", null },
        { "managedFields sent with an entry (full path)", """
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","managedFields":[{"manager":"other","operation":"Update","apiVersion":"v1",
             "time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{"f:k":{}}}}]},"data":{"k":"v","l":"w"}}
            """, null },
        { "status subresource create", """{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d"},"spec":{"replicas":1},"status":{"replicas":1}}""", "status" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CreateShortcut_GivesWhatTheFieldManagerGives(string name, string json, string? subresource)
    {
        var kind = KindOf(json);
        var options = WriteOptions.Default with { FieldManager = "kubectl-create" };

        var full = new ManagedFieldsTracker(new FixedTime(Now), useShortcuts: false).TrackUpdate(kind, null, Parse(json), subresource, options);
        var shortcut = new ManagedFieldsTracker(new FixedTime(Now)).TrackUpdate(kind, null, Parse(json), subresource, options);

        Assert.True(full.ToJsonString() == shortcut.ToJsonString(), $"{name}:\n full     {full.ToJsonString()}\n shortcut {shortcut.ToJsonString()}");
    }

    [Fact]
    public void CreateShortcut_RecordsTheCreatorOfEveryField()
    {
        var kind = KindOf("""{"apiVersion":"v1","kind":"ConfigMap"}""");
        var created = new ManagedFieldsTracker(new FixedTime(Now)).TrackUpdate(kind, null,
            Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"cm","labels":{"a":"b"}},"data":{"k":"v"}}"""), null,
            WriteOptions.Default with { FieldManager = "kubectl-create" });

        Assert.Equal(
            """[{"manager":"kubectl-create","operation":"Update","apiVersion":"v1","time":"2026-11-26T07:30:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:k":{}},"f:metadata":{"f:labels":{".":{},"f:a":{}}}}}]""",
            created["metadata"]!["managedFields"]!.ToJsonString());
    }

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static ResourceKind KindOf(string json)
    {
        var obj = JsonNode.Parse(json)!;
        var apiVersion = obj["apiVersion"]!.GetValue<string>();
        var slash = apiVersion.IndexOf('/');
        return Catalog.FindByKind(slash < 0 ? "" : apiVersion[..slash], slash < 0 ? apiVersion : apiVersion[(slash + 1)..], obj["kind"]!.GetValue<string>())!;
    }
}
