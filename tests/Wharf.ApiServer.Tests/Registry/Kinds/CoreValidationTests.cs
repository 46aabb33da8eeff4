using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

public sealed class CoreValidationTests
{
    [Theory]
    [InlineData("valid", "'hard':{'pods':'10','requests.cpu':'2','count/deployments.apps':'3','requests.nvidia.com/gpu':'1'}", "")]
    [InlineData("not a quota resource", "'hard':{'gpus':'1'}", "spec.hard[gpus]: Invalid value: \"gpus\": must be a standard resource for quota")]
    [InlineData("negative", "'hard':{'pods':'-1'}", "spec.hard[pods]: Invalid value: \"-1\": must be greater than or equal to 0")]
    [InlineData("unknown scope", "'scopes':['Sometimes']", "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"Sometimes\"}: unsupported scope")]
    [InlineData("conflicting scopes", "'scopes':['Terminating','NotTerminating']", "spec.scopes: Invalid value: []core.ResourceQuotaScope{\"Terminating\", \"NotTerminating\"}: conflicting scopes")]
    public void ResourceQuota_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.ResourceQuota, "{'metadata':{'name':'q'},'spec':{" + spec + "}}"));
    }

    [Theory]
    [InlineData("valid", "{'type':'Container','min':{'cpu':'100m'},'defaultRequest':{'cpu':'200m'},'default':{'cpu':'500m'},'max':{'cpu':'1'}}", "")]
    [InlineData("unknown type", "{'type':'Node'}", "spec.limits[0].type: Unsupported value: \"Node\": supported values: \"Container\", \"PersistentVolumeClaim\", \"Pod\"")]
    [InlineData("default on Pod", "{'type':'Pod','default':{'cpu':'1'}}", "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'")]
    [InlineData("min above max", "{'type':'Container','min':{'cpu':'2'},'max':{'cpu':'1'}}", "spec.limits[0].min[cpu]: Invalid value: \"2\": min value 2 is greater than max value 1")]
    [InlineData("default above max", "{'type':'Container','default':{'memory':'2Gi'},'max':{'memory':'1Gi'}}", "spec.limits[0].default[memory]: Invalid value: \"2Gi\": default value 2Gi is greater than max value 1Gi")]
    [InlineData("request above limit", "{'type':'Container','defaultRequest':{'cpu':'2'},'default':{'cpu':'1'}}", "spec.limits[0].defaultRequest[cpu]: Invalid value: \"2\": default request value 2 is greater than default limit value 1")]
    [InlineData("ratio below one", "{'type':'Container','maxLimitRequestRatio':{'cpu':'500m'}}", "spec.limits[0].maxLimitRequestRatio[cpu]: Invalid value: \"500m\": ratio 500m is less than 1")]
    public void LimitRange_Validate(string name, string limit, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.LimitRange, "{'metadata':{'name':'l'},'spec':{'limits':[" + limit + "]}}"));
    }

    [Theory]
    [InlineData("valid", "'podCIDR':'10.244.1.0/24','podCIDRs':['10.244.1.0/24','fd00::/64'],'taints':[{'key':'dedicated','value':'gpu','effect':'NoSchedule'}]", "")]
    [InlineData("bad CIDR", "'podCIDRs':['10.244.1.0/40']", "spec.podCIDRs[0]: Invalid value: \"10.244.1.0/40\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    [InlineData("two IPv4 CIDRs", "'podCIDRs':['10.0.0.0/24','10.0.1.0/24']", "spec.podCIDRs: Invalid value: []string{\"10.0.0.0/24\", \"10.0.1.0/24\"}: may specify no more than one CIDR for each IP family")]
    [InlineData("taint effect missing", "'taints':[{'key':'k'}]", "spec.taints[0].effect: Required value")]
    [InlineData("taint effect unknown", "'taints':[{'key':'k','effect':'NoRun'}]", "spec.taints[0].effect: Unsupported value: \"NoRun\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"")]
    [InlineData("duplicate taint", "'taints':[{'key':'k','effect':'NoSchedule'},{'key':'k','value':'v','effect':'NoSchedule'}]", "spec.taints[1]: Invalid value: {\"key\":\"k\",\"value\":\"v\",\"effect\":\"NoSchedule\"}: taints must be unique by key and effect pair")]
    public void Node_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.Node, "{'metadata':{'name':'n'},'spec':{" + spec + "}}"));
    }

    [Theory]
    [InlineData("podCIDR set from empty", "", "'podCIDR':'10.0.0.0/24'", "")]
    [InlineData("podCIDR changed", "'podCIDR':'10.0.0.0/24'", "'podCIDR':'10.0.1.0/24'", "spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid")]
    [InlineData("providerID changed", "'providerID':'a'", "'providerID':'b'", "spec.providerID: Forbidden: node updates may not change providerID except from \"\" to valid")]
    public void Node_ValidateUpdate(string name, string before, string after, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Update(Strategies.Node, "{'metadata':{'name':'n'},'spec':{" + before + "}}", "{'metadata':{'name':'n'},'spec':{" + after + "}}"));
    }

    [Theory]
    [InlineData("valid", "{'apiVersion':'v1','metadata':{'name':'e','namespace':'ns'},'involvedObject':{'kind':'Pod','namespace':'ns','name':'p'},'reason':'Started'}", "")]
    [InlineData("cluster object in default", "{'apiVersion':'v1','metadata':{'name':'e','namespace':'default'},'involvedObject':{'kind':'Node','name':'n'}}", "")]
    [InlineData("namespace mismatch", "{'apiVersion':'v1','metadata':{'name':'e','namespace':'ns'},'involvedObject':{'kind':'Pod','namespace':'other','name':'p'}}", "involvedObject.namespace: Invalid value: \"other\": does not match event.namespace")]
    [InlineData("series event without reporter", "{'apiVersion':'v1','metadata':{'name':'e','namespace':'ns'},'eventTime':'2026-01-01T00:00:00.000000Z','involvedObject':{'namespace':'ns'},'reportingInstance':'i','action':'a','reason':'r'}", "reportingComponent: Required value")]
    [InlineData("events.k8s.io without type", "{'apiVersion':'events.k8s.io/v1','metadata':{'name':'e','namespace':'ns'},'eventTime':'2026-01-01T00:00:00.000000Z','regarding':{'namespace':'ns'},'reportingController':'c','reportingInstance':'i','action':'a','reason':'r'}", "type: Invalid value: \"\": has invalid value: ")]
    [InlineData("events.k8s.io without eventTime", "{'apiVersion':'events.k8s.io/v1','type':'Normal','metadata':{'name':'e','namespace':'ns'},'regarding':{'namespace':'ns'}}", "eventTime: Required value")]
    public void Event_Validate(string name, string json, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.Event, json));
    }

    [Theory]
    [InlineData("valid", "'data':{'a.txt':'x'},'binaryData':{'b.bin':'AAAA'}", "")]
    [InlineData("bad key", "'data':{'a/b':'x'}", "data[a/b]: Invalid value: \"a/b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")]
    [InlineData("dot-dot key", "'data':{'..a':'x'}", "data[..a]: Invalid value: \"..a\": must not start with '..'")]
    [InlineData("same key in both maps", "'data':{'k':'x'},'binaryData':{'k':'AAAA'}", "binaryData[k]: Invalid value: \"k\": duplicate of key present in data")]
    public void ConfigMap_Validate(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.ConfigMap, "{'metadata':{'name':'c'}," + fields + "}"));
    }

    [Fact]
    public void ConfigMap_AboveOneMebibyte_IsTooLong()
    {
        var big = new string('x', 1024 * 1024);
        Assert.Contains(": Too long: may not be more than 1048576 bytes", StrategyRun.Create(Strategies.ConfigMap, "{'metadata':{'name':'c'},'data':{'k':'" + big + "'}}"));
        Assert.Empty(StrategyRun.Create(Strategies.ConfigMap, "{'metadata':{'name':'c'},'data':{'k':'" + big[..^10] + "'}}"));
    }

    [Theory]
    [InlineData("valid tls", "'type':'kubernetes.io/tls','data':{'tls.crt':'YQ==','tls.key':'YQ=='}", "")]
    [InlineData("tls without key", "'type':'kubernetes.io/tls','data':{'tls.crt':'YQ=='}", "data[tls.key]: Required value")]
    [InlineData("dockerconfigjson without key", "'type':'kubernetes.io/dockerconfigjson','data':{}", "data[.dockerconfigjson]: Required value")]
    [InlineData("ssh without key", "'type':'kubernetes.io/ssh-auth'", "data[ssh-privatekey]: Required value")]
    [InlineData("basic auth empty", "'type':'kubernetes.io/basic-auth'", "data[username]: Required value")]
    [InlineData("token without service account", "'type':'kubernetes.io/service-account-token'", "metadata.annotations[kubernetes.io/service-account.name]: Required value")]
    [InlineData("bad key", "'data':{'a b':'YQ=='}", "data[a b]: Invalid value: \"a b\": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")]
    public void Secret_Validate(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.Secret, "{'metadata':{'name':'s'}" + (fields.Length > 0 ? "," : "") + fields + "}"));
    }

    [Theory]
    [InlineData("standard", "['kubernetes']", "")]
    [InlineData("domain-prefixed", "['example.com/cleanup']", "")]
    [InlineData("bare custom name", "['cleanup']", "spec.finalizers: Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified")]
    public void Namespace_SpecFinalizers(string name, string finalizers, string expected)
    {
        _ = name;
        var ns = Support.Json.Obj("{'metadata':{'name':'n'},'spec':{'finalizers':" + finalizers + "}}");
        StrategyRun.Expect(expected, Strategies.Namespace.Validate(ns).Select(e => e.ToString()).ToList());
    }
}
