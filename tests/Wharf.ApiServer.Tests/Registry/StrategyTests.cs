using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Registry;

/// <summary>Per-kind defaults, validation, generation and status split, as upstream's registry strategies do them.</summary>
public sealed class StrategyTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();

    private static IResourceStrategy Strategy(string group, string plural) => Catalog.Find(group, group == "autoscaling" ? "v2" : "v1", plural)!.Strategy;

    private static JsonObject Created(string group, string plural, string json)
    {
        var obj = Json.Obj(json);
        Strategy(group, plural).PrepareForCreate(obj);
        return obj;
    }

    private static List<string> Errors(string group, string plural, JsonObject obj) =>
        Strategy(group, plural).Validate(obj).Select(e => e.ToString()).ToList();

    [Fact]
    public void Pod_PrepareForCreate_AppliesUpstreamDefaultsAndPendingStatus()
    {
        var pod = Created("", "pods", "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'nginx:1.27','ports':[{'containerPort':80}]}]},'status':{'phase':'Running'}}");
        var spec = pod["spec"]!;
        Assert.Equal("Always", (string)spec["restartPolicy"]!);
        Assert.Equal("ClusterFirst", (string)spec["dnsPolicy"]!);
        Assert.Equal(30, spec["terminationGracePeriodSeconds"].Long());
        Assert.Equal("default-scheduler", (string)spec["schedulerName"]!);
        Assert.True((bool)spec["enableServiceLinks"]!);
        Assert.IsType<JsonObject>(spec["securityContext"]);
        var container = spec["containers"]![0]!;
        Assert.Equal("/dev/termination-log", (string)container["terminationMessagePath"]!);
        Assert.Equal("File", (string)container["terminationMessagePolicy"]!);
        Assert.Equal("IfNotPresent", (string)container["imagePullPolicy"]!);
        Assert.Equal("TCP", (string)container["ports"]![0]!["protocol"]!);
        Assert.Equal("Pending", (string)pod["status"]!["phase"]!);
        Assert.Equal("BestEffort", (string)pod["status"]!["qosClass"]!);
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("registry:5000/nginx", "Always")]
    [InlineData("registry:5000/nginx:1.2", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    public void Pod_ImagePullPolicy_DefaultsByTag(string image, string expected)
    {
        var pod = Created("", "pods", $"{{'metadata':{{'name':'p'}},'spec':{{'containers':[{{'name':'c','image':'{image}'}}]}}}}");
        Assert.Equal(expected, (string)pod["spec"]!["containers"]![0]!["imagePullPolicy"]!);
    }

    [Theory]
    [InlineData("no resources", "{}", "BestEffort")]
    [InlineData("limits only", "{'limits':{'cpu':'1','memory':'1Gi'}}", "Guaranteed")]
    [InlineData("requests equal limits", "{'requests':{'cpu':'1','memory':'1Gi'},'limits':{'cpu':'1','memory':'1Gi'}}", "Guaranteed")]
    [InlineData("requests only", "{'requests':{'cpu':'100m'}}", "Burstable")]
    public void Pod_QosClass(string name, string resources, string expected)
    {
        _ = name;
        var pod = Created("", "pods", $"{{'metadata':{{'name':'p'}},'spec':{{'containers':[{{'name':'c','image':'i','resources':{resources}}}]}}}}");
        Assert.Equal(expected, (string)pod["status"]!["qosClass"]!);
    }

    [Theory]
    [InlineData("no containers", "{}", "spec.containers: Required value")]
    [InlineData("no image", "{'containers':[{'name':'c'}]}", "spec.containers[0].image: Required value")]
    [InlineData("bad restart policy", "{'restartPolicy':'Sometimes','containers':[{'name':'c','image':'i'}]}", "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\", \"OnFailure\", \"Never\"")]
    [InlineData("duplicate container", "{'containers':[{'name':'c','image':'i'},{'name':'c','image':'i'}]}", "spec.containers[1].name: Duplicate value: \"c\"")]
    public void Pod_Validate_RejectsWithUpstreamMessages(string name, string spec, string expected)
    {
        _ = name;
        Assert.Contains(expected, Errors("", "pods", Json.Obj($"{{'metadata':{{'name':'p'}},'spec':{spec}}}")));
    }

    [Fact]
    public void Pod_ValidateUpdate_OnlyImageMayChange()
    {
        var old = Created("", "pods", "{'metadata':{'name':'p'},'spec':{'containers':[{'name':'c','image':'a'}]}}");
        var imageChange = old.DeepClone().AsObject();
        imageChange["spec"]!["containers"]![0]!["image"] = "b";
        Assert.Empty(Strategy("", "pods").ValidateUpdate(imageChange, old));

        var portChange = old.DeepClone().AsObject();
        portChange["spec"]!["containers"]![0]!["ports"] = new JsonArray(new JsonObject { ["containerPort"] = 80 });
        var error = Assert.Single(Strategy("", "pods").ValidateUpdate(portChange, old));
        Assert.Equal(("FieldValueForbidden", "spec"), (error.Type, error.Field));
    }

    [Fact]
    public void Service_PrepareForCreate_AppliesUpstreamDefaults()
    {
        var svc = Created("", "services", "{'metadata':{'name':'web'},'spec':{'ports':[{'port':80}]}}");
        var spec = svc["spec"]!;
        Assert.Equal("ClusterIP", (string)spec["type"]!);
        Assert.Equal("None", (string)spec["sessionAffinity"]!);
        Assert.Equal("Cluster", (string)spec["internalTrafficPolicy"]!);
        Assert.False(spec.AsObject().ContainsKey("externalTrafficPolicy"));
        Assert.Equal("TCP", (string)spec["ports"]![0]!["protocol"]!);
        Assert.Equal(80, spec["ports"]![0]!["targetPort"].Long());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"loadBalancer":{}}"""), svc["status"]));
    }

    [Theory]
    [InlineData("nodes", "", true)]
    [InlineData("services", "", false)]
    [InlineData("deployments", "apps", false)]
    public void PrepareForCreate_KeepsTheGivenStatusOnlyWhereUpstreamDoes(string plural, string group, bool kept)
    {
        var spec = plural == "deployments" ? ",'spec':{'selector':{'matchLabels':{'a':'b'}},'template':{'metadata':{'labels':{'a':'b'}},'spec':{'containers':[{'name':'c','image':'i'}]}}}" : "";
        var created = Created(group, plural, "{'metadata':{'name':'x'}" + spec + ",'status':{'marker':'given'}}");
        Assert.Equal(kept, created["status"]?["marker"] is not null);
    }

    [Theory]
    [InlineData("plain job", "", 6L)]
    [InlineData("per-index limit", ",'completionMode':'Indexed','completions':3,'backoffLimitPerIndex':1", 2147483647L)]
    public void Job_BackoffLimit_DefaultsBySetting(string name, string extra, long expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        var job = Created("batch", "jobs", "{'metadata':{'name':'j'},'spec':{'template':{'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'i'}]}}" + extra + "}}");
        Assert.Equal(expected, job["spec"]!["backoffLimit"].Long());
    }

    [Fact]
    public void DaemonSet_TemplateGeneration_StartsAtOne_AndRisesOnlyWithTemplateChanges()
    {
        const string annotation = "deprecated.daemonset.template.generation";
        const string spec = "'spec':{'selector':{'matchLabels':{'a':'b'}},'template':{'metadata':{'labels':{'a':'b'}},'spec':{'containers':[{'name':'c','image':'IMAGE'}]}}}";
        var created = Created("apps", "daemonsets", "{'metadata':{'name':'ds'}," + spec.Replace("IMAGE", "v1") + "}");
        var strategy = Strategy("apps", "daemonsets");

        var scaledLabels = Json.Obj("{'metadata':{'name':'ds','labels':{'x':'y'}}," + spec.Replace("IMAGE", "v1") + "}");
        strategy.PrepareForUpdate(scaledLabels, created);
        var newImage = Json.Obj("{'metadata':{'name':'ds'}," + spec.Replace("IMAGE", "v2") + "}");
        strategy.PrepareForUpdate(newImage, scaledLabels);

        Assert.Equal("1", (string)created["metadata"]!["annotations"]![annotation]!);
        Assert.Equal("1", (string)scaledLabels["metadata"]!["annotations"]![annotation]!);
        Assert.Equal("2", (string)newImage["metadata"]!["annotations"]![annotation]!);
    }

    [Fact]
    public void Service_NodePort_DefaultsExternalTrafficPolicy() =>
        Assert.Equal("Cluster", (string)Created("", "services", "{'metadata':{'name':'web'},'spec':{'type':'NodePort','ports':[{'port':80}]}}")["spec"]!["externalTrafficPolicy"]!);

    [Theory]
    [InlineData("no ports", "{'type':'ClusterIP'}", "spec.ports: Required value")]
    [InlineData("port zero", "{'ports':[{'port':0}]}", "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive")]
    [InlineData("unnamed second port", "{'ports':[{'name':'a','port':80},{'port':81}]}", "spec.ports[1].name: Required value")]
    [InlineData("duplicate port name", "{'ports':[{'name':'a','port':80},{'name':'a','port':81}]}", "spec.ports[1].name: Duplicate value: \"a\"")]
    [InlineData("external name required", "{'type':'ExternalName'}", "spec.externalName: Required value")]
    public void Service_Validate_RejectsWithUpstreamMessages(string name, string spec, string expected)
    {
        _ = name;
        Assert.Contains(expected, Errors("", "services", Json.Obj($"{{'metadata':{{'name':'web'}},'spec':{spec}}}")));
    }

    [Fact]
    public void Service_Validate_UnknownTypeIsUnsupportedValue()
    {
        var error = Assert.Single(Strategy("", "services").Validate(Json.Obj("{'metadata':{'name':'web'},'spec':{'type':'Foo','ports':[{'port':80}]}}")));
        Assert.Equal(("FieldValueNotSupported", "spec.type"), (error.Type, error.Field));
        Assert.StartsWith("Unsupported value: \"Foo\": supported values: ", error.Message);
        foreach (var type in new[] { "ClusterIP", "NodePort", "LoadBalancer", "ExternalName" })
            Assert.Contains($"\"{type}\"", error.Message);
    }

    [Fact]
    public void Service_Headless_NeedsNoPorts() =>
        Assert.Empty(Errors("", "services", Json.Obj("{'metadata':{'name':'web'},'spec':{'clusterIP':'None'}}")));

    [Fact]
    public void Secret_TypeDefaultsToOpaqueAndIsImmutable()
    {
        var secret = Created("", "secrets", "{'metadata':{'name':'s'},'data':{'k':'dmFsdWU='}}");
        Assert.Equal("Opaque", (string)secret["type"]!);
        var changed = secret.DeepClone().AsObject();
        changed["type"] = "kubernetes.io/tls";
        Assert.Contains("type: Invalid value: \"kubernetes.io/tls\": field is immutable",
            Strategy("", "secrets").ValidateUpdate(changed, secret).Select(e => e.ToString()));
    }

    [Fact]
    public void Secret_Immutable_ForbidsDataChange()
    {
        var secret = Created("", "secrets", "{'metadata':{'name':'s'},'immutable':true,'data':{'k':'dmFsdWU='}}");
        var changed = secret.DeepClone().AsObject();
        changed["data"]!["k"] = "b3RoZXI=";
        Assert.Contains("data: Forbidden: field is immutable when `immutable` is set",
            Strategy("", "secrets").ValidateUpdate(changed, secret).Select(e => e.ToString()));
    }

    [Fact]
    public void Namespace_PrepareForCreate_ActiveWithKubernetesFinalizerAndNameLabel()
    {
        var ns = Created("", "namespaces", "{'metadata':{'name':'team-a'}}");
        Assert.Equal("Active", (string)ns["status"]!["phase"]!);
        Assert.Equal(["kubernetes"], ns["spec"]!["finalizers"]!.AsArray().Select(f => (string)f!));
        Assert.Equal("team-a", (string)ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]!);
    }

    [Fact]
    public void Deployment_PrepareForCreate_GenerationOneAndStatusDropped()
    {
        var d = Created("apps", "deployments", "{'metadata':{'name':'d','generation':7},'spec':{'replicas':1},'status':{'replicas':5}}");
        Assert.Equal(1, d["metadata"]!["generation"].Long());
        Assert.False(d.ContainsKey("status"));
    }

    [Theory]
    [InlineData("spec change bumps", "{'metadata':{'name':'d','generation':1,'labels':{'a':'b'}},'spec':{'replicas':2}}", 2)]
    [InlineData("label change keeps", "{'metadata':{'name':'d','generation':1,'labels':{'a':'c'}},'spec':{'replicas':1}}", 1)]
    [InlineData("status change keeps", "{'metadata':{'name':'d','generation':1,'labels':{'a':'b'}},'spec':{'replicas':1},'status':{'replicas':9}}", 1)]
    public void Deployment_PrepareForUpdate_GenerationBumpsOnSpecChangeOnly(string name, string updated, long expected)
    {
        _ = name;
        var old = Json.Obj("{'metadata':{'name':'d','generation':1,'labels':{'a':'b'}},'spec':{'replicas':1},'status':{'replicas':1}}");
        var obj = Json.Obj(updated);
        Strategy("apps", "deployments").PrepareForUpdate(obj, old);
        Assert.Equal(expected, obj["metadata"]!["generation"].Long());
        Assert.Equal(1, obj["status"]!["replicas"].Long()); // the main resource never writes status
    }

    [Fact]
    public void Deployment_PrepareForUpdate_AnnotationChangeBumpsGeneration()
    {
        var old = Json.Obj("{'metadata':{'name':'d','generation':1},'spec':{'replicas':1}}");
        var obj = Json.Obj("{'metadata':{'name':'d','generation':1,'annotations':{'x':'y'}},'spec':{'replicas':1}}");
        Strategy("apps", "deployments").PrepareForUpdate(obj, old);
        Assert.Equal(2, obj["metadata"]!["generation"].Long());
    }

    [Fact]
    public void ConfigMap_DoesNotTrackGeneration()
    {
        var strategy = Strategy("", "configmaps");
        Assert.False(strategy.TracksGeneration);
        Assert.False(strategy.HasStatusSubresource);
    }
}
