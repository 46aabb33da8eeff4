using Wharf.Api.Patch.Schema;
using Wharf.Api.Patch.Strategic;
using Wharf.Api.Patch.Tests.Support;

namespace Wharf.Api.Patch.Tests.Strategic;

public sealed class StrategicMergePatchTests
{
    private const string Deployment = "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web','tier':'fe'}},'spec':{'replicas':2,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]}]}}}}";

    private const string Pod = "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a','b']},'spec':{'containers':[{'name':'c1','image':'busybox'}],'ephemeralContainers':[{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','emptyDir':{}}],'args':['x','y']}}";

    private const string Node = "{'apiVersion':'v1','kind':'Node','metadata':{'name':'n1'},'spec':{'unschedulable':true,'podCIDR':'10.0.0.0/24','taints':[{'key':'old','effect':'NoExecute'}]}}";

    public static TheoryData<string, string, string, string, string> Cases => new()
    {
        { "set image with setElementOrder", "deployment", Deployment,
            "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c1'}],'containers':[{'image':'nginx:1.28','name':'c1'}]}}}}",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web','tier':'fe'}},'spec':{'replicas':2,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx:1.28','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]}]}}}}" },
        { "apply adds container first by setElementOrder", "deployment", Deployment,
            "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c0'},{'name':'c1'}],'containers':[{'name':'c0','image':'redis'}]}}}}",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web','tier':'fe'}},'spec':{'replicas':2,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c0','image':'redis'},{'name':'c1','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]}]}}}}" },
        { "apply three-way: replicas, label removal, env added", "deployment", Deployment,
            "{'metadata':{'labels':{'tier':null}},'spec':{'replicas':3,'template':{'spec':{'$setElementOrder/containers':[{'name':'c1'}],'containers':[{'$setElementOrder/env':[{'name':'A'},{'name':'B'}],'env':[{'name':'B','value':'2'}],'name':'c1'}]}}}}",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web'}},'spec':{'replicas':3,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}]}]}}}}" },
        { "apply deletes container with $patch delete", "pod", Pod,
            "{'spec':{'$setElementOrder/containers':[{'name':'c2'}],'containers':[{'$patch':'delete','name':'c1'},{'name':'c2','image':'x'}]}}",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a','b']},'spec':{'containers':[{'name':'c2','image':'x'}],'ephemeralContainers':[{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','emptyDir':{}}],'args':['x','y']}}" },
        { "label removal with null", "deployment", Deployment,
            "{'metadata':{'labels':{'app':null}}}",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'tier':'fe'}},'spec':{'replicas':2,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]}]}}}}" },
        { "rollout restart annotation", "deployment", Deployment,
            "{'spec':{'template':{'metadata':{'annotations':{'kubectl.kubernetes.io/restartedAt':'2025-01-01T00:00:00Z'}}}}}",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web','tier':'fe'}},'spec':{'replicas':2,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}},'template':{'metadata':{'labels':{'app':'web'},'annotations':{'kubectl.kubernetes.io/restartedAt':'2025-01-01T00:00:00Z'}},'spec':{'containers':[{'name':'c1','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]}]}}}}" },
        { "taint replaces atomic taints list", "node", Node,
            "{'spec':{'taints':[{'effect':'NoSchedule','key':'old','value':''},{'effect':'NoSchedule','key':'dedicated','value':'gpu'}]}}",
            "{'apiVersion':'v1','kind':'Node','metadata':{'name':'n1'},'spec':{'unschedulable':true,'podCIDR':'10.0.0.0/24','taints':[{'effect':'NoSchedule','key':'old','value':''},{'effect':'NoSchedule','key':'dedicated','value':'gpu'}]}}" },
        { "uncordon deletes unschedulable", "node", Node,
            "{'spec':{'unschedulable':null}}",
            "{'apiVersion':'v1','kind':'Node','metadata':{'name':'n1'},'spec':{'podCIDR':'10.0.0.0/24','taints':[{'key':'old','effect':'NoExecute'}]}}" },
        { "ephemeral container merged by name, new item first as upstream orders it", "pod", Pod,
            "{'spec':{'ephemeralContainers':[{'command':['sleep','1'],'image':'busybox','name':'debugger-pwqrf','resources':{},'targetContainerName':'c1','terminationMessagePolicy':'File'}]}}",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a','b']},'spec':{'containers':[{'name':'c1','image':'busybox'}],'ephemeralContainers':[{'command':['sleep','1'],'image':'busybox','name':'debugger-pwqrf','resources':{},'targetContainerName':'c1','terminationMessagePolicy':'File'},{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','emptyDir':{}}],'args':['x','y']}}" },
        { "port merged by containerPort", "deployment", Deployment,
            "{'spec':{'template':{'spec':{'containers':[{'name':'c1','ports':[{'containerPort':80,'name':'http'},{'containerPort':443}]}]}}}}",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web','tier':'fe'}},'spec':{'replicas':2,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP','name':'http'},{'containerPort':443}],'env':[{'name':'A','value':'1'}]}]}}}}" },
        { "primitive merge list is a union", "pod", Pod,
            "{'metadata':{'finalizers':['c','a']}}",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['c','a','b']},'spec':{'containers':[{'name':'c1','image':'busybox'}],'ephemeralContainers':[{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','emptyDir':{}}],'args':['x','y']}}" },
        { "deleteFromPrimitiveList removes values", "pod", Pod,
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['a']}}",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['b']},'spec':{'containers':[{'name':'c1','image':'busybox'}],'ephemeralContainers':[{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','emptyDir':{}}],'args':['x','y']}}" },
        { "setElementOrder orders primitives", "pod", Pod,
            "{'metadata':{'$setElementOrder/finalizers':['b','c','a'],'finalizers':['c']}}",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['b','c','a']},'spec':{'containers':[{'name':'c1','image':'busybox'}],'ephemeralContainers':[{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','emptyDir':{}}],'args':['x','y']}}" },
        { "non-merge list is replaced", "pod", Pod,
            "{'spec':{'args':['z']}}",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a','b']},'spec':{'containers':[{'name':'c1','image':'busybox'}],'ephemeralContainers':[{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','emptyDir':{}}],'args':['z']}}" },
        { "retainKeys on deployment strategy", "deployment", Deployment,
            "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate','rollingUpdate':null}}}",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web','tier':'fe'}},'spec':{'replicas':2,'strategy':{'type':'Recreate'},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]}]}}}}" },
        { "retainKeys inside a volume item", "pod", Pod,
            "{'spec':{'$setElementOrder/volumes':[{'name':'v'}],'volumes':[{'$retainKeys':['hostPath','name'],'hostPath':{'path':'/x'},'name':'v'}]}}",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a','b']},'spec':{'containers':[{'name':'c1','image':'busybox'}],'ephemeralContainers':[{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','hostPath':{'path':'/x'}}],'args':['x','y']}}" },
        { "patch replace on a map", "deployment", Deployment,
            "{'metadata':{'labels':{'$patch':'replace','only':'me'}}}",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'only':'me'}},'spec':{'replicas':2,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%'}},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]}]}}}}" },
        { "patch delete on a map", "deployment", Deployment,
            "{'spec':{'strategy':{'$patch':'delete'}}}",
            "{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','labels':{'app':'web','tier':'fe'}},'spec':{'replicas':2,'strategy':{},'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c1','image':'nginx:1.27','ports':[{'containerPort':80,'protocol':'TCP'}],'env':[{'name':'A','value':'1'}]}]}}}}" },
        { "patch replace on a merge list", "pod", Pod,
            "{'spec':{'containers':[{'name':'c9','image':'i'},{'$patch':'replace'}]}}",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a','b']},'spec':{'containers':[{'name':'c9','image':'i'}],'ephemeralContainers':[{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','emptyDir':{}}],'args':['x','y']}}" },
        { "new item nulls and directives are not stored", "pod", Pod,
            "{'spec':{'containers':[{'name':'c2','image':'x','resources':null,'env':[{'name':'E','value':'v','$patch':'delete'}]}],'initContainers':[{'name':'i','$setElementOrder/env':[{'name':'Q'}],'env':[{'name':'Q'}]}]}}",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p','finalizers':['a','b']},'spec':{'containers':[{'name':'c2','image':'x','env':[]},{'name':'c1','image':'busybox'}],'initContainers':[{'name':'i','env':[{'name':'Q'}]}],'ephemeralContainers':[{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','emptyDir':{}}],'args':['x','y']}}" },
        { "undeclared field merges maps and replaces lists", "pod", Pod,
            "{'spec':{'extra':{'list':[3]}},'metadata':{'finalizers':null}}",
            "{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':[{'name':'c1','image':'busybox'}],'ephemeralContainers':[{'name':'debugger-1','image':'busybox'}],'volumes':[{'name':'v','emptyDir':{}}],'args':['x','y'],'extra':{'list':[3]}}}" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Apply_MatchesUpstream(string name, string kind, string original, string patch, string expected)
    {
        _ = name;
        var result = StrategicMergePatch.Apply(J.Obj(original), J.Parse(patch), SchemaFor(kind));
        J.Equal(expected, result);
    }

    [Theory]
    [InlineData("lists replaced, maps merged", "{'spec':{'l':[1,2],'m':{'a':1,'b':2}}}", "{'spec':{'l':[3],'m':{'a':null,'c':3}}}", "{'spec':{'l':[3],'m':{'b':2,'c':3}}}")]
    [InlineData("directives still honoured", "{'spec':{'m':{'a':1}}}", "{'spec':{'m':{'$patch':'replace','z':1}}}", "{'spec':{'m':{'z':1}}}")]
    [InlineData("list of maps replaced without merge key", "{'items':[{'name':'a','v':1}]}", "{'items':[{'name':'a','w':2}]}", "{'items':[{'name':'a','w':2}]}")]
    public void Apply_WithoutSchemaBehavesLikeMergePatch(string name, string original, string patch, string expected)
    {
        _ = name;
        J.Equal(expected, StrategicMergePatch.Apply(J.Obj(original), J.Parse(patch), schema: null));
    }

    [Theory]
    [InlineData("retainKeys not a list", "{'spec':{'strategy':{'$retainKeys':'type'}}}", 400, "invalid patch format of retainKeys")]
    [InlineData("patch key missing from retainKeys", "{'spec':{'strategy':{'$retainKeys':['type'],'rollingUpdate':{}}}}", 400, "invalid patch format of retainKeys")]
    [InlineData("bad setElementOrder key", "{'spec':{'$setElementOrderx':[]}}", 400, "invalid patch format of setElementOrder list")]
    [InlineData("bad deleteFromPrimitiveList key", "{'metadata':{'$deleteFromPrimitiveList':['a']}}", 400, "invalid patch format of primitive list")]
    [InlineData("merge directive in list", "{'spec':{'template':{'spec':{'containers':[{'$patch':'merge'}]}}}}", 422, "merging lists cannot yet be specified in the patch")]
    [InlineData("unknown map directive", "{'spec':{'strategy':{'$patch':'explode'}}}", 422, "unknown patch type: explode in map: {\"$patch\":\"explode\"}")]
    [InlineData("list item without merge key", "{'spec':{'template':{'spec':{'containers':[{'image':'x'}]}}}}", 422, "map: {\"image\":\"x\"} does not contain declared merge key: name")]
    [InlineData("mixed element types", "{'metadata':{'labels':null},'spec':{'template':{'spec':{'containers':['x']}}}}", 422, "list element types are not identical")]
    [InlineData("setElementOrder disagrees with patch order", "{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c1'},{'name':'c2'}],'containers':[{'name':'c2','image':'b'},{'name':'c1','image':'a'}]}}}}", 422, "doesn't match $setElementOrder list")]
    [InlineData("patch is not an object", "[1]", 400, "invalid JSON document")]
    public void Apply_RejectsBadPatches(string name, string patch, int status, string messagePart)
    {
        _ = name;
        var ex = Assert.Throws<PatchException>(() => StrategicMergePatch.Apply(J.Obj(Deployment), J.Parse(patch), TestSchemas.Deployment));
        Assert.Equal(status, ex.StatusCode);
        Assert.Contains(messagePart, ex.Message);
    }

    [Fact]
    public void Apply_ListOfListsIsRejected()
    {
        var ex = Assert.Throws<PatchException>(() =>
            StrategicMergePatch.Apply(J.Obj("{'metadata':{'finalizers':[]}}"), J.Parse("{'metadata':{'finalizers':[['b']]}}"), TestSchemas.Pod));
        Assert.Equal("lists of lists are not supported", ex.Message);
    }

    [Fact]
    public void Apply_DoesNotMutateInputs()
    {
        var original = J.Obj(Deployment);
        var patch = J.Parse("{'metadata':{'labels':{'app':null}},'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c1'}],'containers':[{'name':'c1','image':'x','env':[{'name':'A','$patch':'delete'}]}]}}}}");
        var before = original.ToJsonString() + patch!.ToJsonString();
        var result = StrategicMergePatch.Apply(original, patch, TestSchemas.Deployment);
        result["spec"]!["template"]!["spec"]!["containers"]![0]!["image"] = "mutated";
        Assert.Equal(before, original.ToJsonString() + patch.ToJsonString());
    }

    [Fact]
    public void Apply_WorksWithGeneratedSchemaWhenPresent()
    {
        var real = TestSchemas.Real;
        if (real is null)
        {
            return;
        }

        var result = StrategicMergePatch.Apply(
            J.Obj(Deployment),
            J.Parse("{'spec':{'template':{'spec':{'$setElementOrder/containers':[{'name':'c1'}],'containers':[{'image':'nginx:1.28','name':'c1'}]}}}}"),
            real.FindKind("apps/v1", "Deployment"));
        J.Equal("'nginx:1.28'", result["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]);
        J.Equal("[{'containerPort':80,'protocol':'TCP'}]", result["spec"]!["template"]!["spec"]!["containers"]![0]!["ports"]);
    }

    private static SchemaNode SchemaFor(string kind) => kind switch
    {
        "deployment" => TestSchemas.Deployment,
        "pod" => TestSchemas.Pod,
        _ => TestSchemas.Node,
    };
}
