using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

/// <summary>HPA, PDB, PriorityClass, Lease and EndpointSlice rules.</summary>
public sealed class ClusterValidationTests
{
    private const string Target = "'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'web'}";

    [Theory]
    [InlineData("valid", Target + ",'minReplicas':1,'maxReplicas':5,'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':50}}}]", "")]
    [InlineData("min zero", Target + ",'minReplicas':0,'maxReplicas':5", "spec.minReplicas: Invalid value: 0: must be greater than or equal to 1")]
    [InlineData("max zero", Target + ",'maxReplicas':0", "spec.maxReplicas: Invalid value: 0: must be greater than 0")]
    [InlineData("max below min", Target + ",'minReplicas':4,'maxReplicas':2", "spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`")]
    [InlineData("no target kind", "'scaleTargetRef':{'name':'web'},'maxReplicas':2", "spec.scaleTargetRef.kind: Required value")]
    [InlineData("metric type missing", Target + ",'maxReplicas':2,'metrics':[{}]", "spec.metrics[0].type: Required value: must specify a metric source type")]
    [InlineData("metric type unknown", Target + ",'maxReplicas':2,'metrics':[{'type':'Magic'}]", "spec.metrics[0].type: Unsupported value: \"Magic\": supported values: \"ContainerResource\", \"External\", \"Object\", \"Pods\", \"Resource\"")]
    [InlineData("source missing", Target + ",'maxReplicas':2,'metrics':[{'type':'Pods'}]", "spec.metrics[0].pods: Required value: must populate information for the given metric source")]
    [InlineData("other source present", Target + ",'maxReplicas':2,'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':50}},'pods':{}}]", "spec.metrics[0].pods: Forbidden: must populate the given metric source only")]
    [InlineData("utilization zero", Target + ",'maxReplicas':2,'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':0}}}]", "spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0")]
    [InlineData("resource target empty", Target + ",'maxReplicas':2,'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization'}}}]", "spec.metrics[0].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization")]
    [InlineData("policy period too long", Target + ",'maxReplicas':2,'behavior':{'scaleDown':{'policies':[{'type':'Pods','value':1,'periodSeconds':3600}]}}", "spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 3600: must be less than or equal to 1800")]
    public void HorizontalPodAutoscaler_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.HorizontalPodAutoscaler, "{'metadata':{'name':'h'},'spec':{" + spec + "}}"));
    }

    [Theory]
    [InlineData("valid count", "'minAvailable':1,'selector':{'matchLabels':{'app':'web'}}", "")]
    [InlineData("valid percent", "'maxUnavailable':'25%'", "")]
    [InlineData("both budgets", "'minAvailable':1,'maxUnavailable':1", "spec: Invalid value: {\"minAvailable\":1,\"maxUnavailable\":1}: minAvailable and maxUnavailable cannot be both set")]
    [InlineData("negative", "'minAvailable':-1", "spec.minAvailable: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("percent above 100", "'maxUnavailable':'150%'", "spec.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%")]
    [InlineData("not a percent", "'maxUnavailable':'half'", "spec.maxUnavailable: Invalid value: \"half\": a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")]
    [InlineData("In without values", "'minAvailable':1,'selector':{'matchExpressions':[{'key':'a','operator':'In'}]}", "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'")]
    [InlineData("Exists with values", "'minAvailable':1,'selector':{'matchExpressions':[{'key':'a','operator':'Exists','values':['x']}]}", "spec.selector.matchExpressions[0].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'")]
    [InlineData("unknown eviction policy", "'minAvailable':1,'unhealthyPodEvictionPolicy':'Never'", "spec.unhealthyPodEvictionPolicy: Unsupported value: \"Never\": supported values: \"AlwaysAllow\", \"IfHealthyBudget\"")]
    public void PodDisruptionBudget_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.PodDisruptionBudget, "{'metadata':{'name':'p'},'spec':{" + spec + "}}"));
    }

    [Theory]
    [InlineData("valid", "high", 1000, "")]
    [InlineData("built-in system class", "system-node-critical", 2000001000, "")]
    [InlineData("user value too high", "huge", 1000000001, "value: Forbidden: maximum allowed value of a user defined priority is 1000000000")]
    [InlineData("unknown system class", "system-mine", 10, "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: system-mine is not a known system priority class")]
    [InlineData("system class with another value", "system-cluster-critical", 10, "metadata.name: Forbidden: priority class names with 'system-' prefix are reserved for system use only. error: value of system-cluster-critical PriorityClass must be 2000000000")]
    public void PriorityClass_Validate(string name, string className, long value, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.PriorityClass, "{'metadata':{'name':'" + className + "'},'value':" + value + "}"));
    }

    [Fact]
    public void PriorityClass_Value_IsImmutable() =>
        Assert.Contains("value: Forbidden: may not be changed in an update.",
            StrategyRun.Update(Strategies.PriorityClass, "{'metadata':{'name':'p'},'value':1}", "{'metadata':{'name':'p'},'value':2}"));

    [Theory]
    [InlineData("valid", "'holderIdentity':'a','leaseDurationSeconds':15,'leaseTransitions':0", "")]
    [InlineData("zero duration", "'leaseDurationSeconds':0", "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0")]
    [InlineData("negative transitions", "'leaseTransitions':-1", "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("preferred holder without strategy", "'preferredHolder':'b'", "spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined")]
    public void Lease_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.Lease, "{'metadata':{'name':'l'},'spec':{" + spec + "}}"));
    }

    [Theory]
    [InlineData("valid", "'addressType':'IPv4','endpoints':[{'addresses':['10.0.0.1'],'nodeName':'n1'}],'ports':[{'name':'http','port':80,'protocol':'TCP'}]", "")]
    [InlineData("no address type", "'endpoints':[]", "addressType: Required value")]
    [InlineData("unknown address type", "'addressType':'IPX'", "addressType: Unsupported value: \"IPX\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")]
    [InlineData("endpoint without address", "'addressType':'IPv4','endpoints':[{'addresses':[]}]", "endpoints[0].addresses: Required value: must contain at least 1 address")]
    [InlineData("IPv6 address in IPv4 slice", "'addressType':'IPv4','endpoints':[{'addresses':['fd00::1']}]", "endpoints[0].addresses[0]: Invalid value: \"fd00::1\": must be a valid IPv4 address")]
    [InlineData("short IPv4 form", "'addressType':'IPv4','endpoints':[{'addresses':['10.1']}]", "endpoints[0].addresses[0]: Invalid value: \"10.1\": must be a valid IPv4 address")]
    [InlineData("duplicate port name", "'addressType':'IPv4','ports':[{'name':'a','port':1},{'name':'a','port':2}]", "ports[1].name: Duplicate value: \"a\"")]
    public void EndpointSlice_Validate(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.EndpointSlice, "{'metadata':{'name':'s'}," + fields + "}"));
    }

    [Fact]
    public void EndpointSlice_MoreThanAThousandEndpoints_IsTooMany()
    {
        var endpoints = string.Join(",", Enumerable.Range(0, 1001).Select(i => $"{{'addresses':['10.0.{i / 250}.{i % 250 + 1}']}}"));
        var errors = StrategyRun.Create(Strategies.EndpointSlice, "{'metadata':{'name':'s'},'addressType':'IPv4','endpoints':[" + endpoints + "]}");
        Assert.Single(errors, e => e == "endpoints: Too many: 1001: must have at most 1000 items");
    }

    [Fact]
    public void EndpointSlice_AddressType_IsImmutable() =>
        Assert.Contains("addressType: Invalid value: \"IPv6\": field is immutable",
            StrategyRun.Update(Strategies.EndpointSlice, "{'metadata':{'name':'s'},'addressType':'IPv4'}", "{'metadata':{'name':'s'},'addressType':'IPv6'}"));
}
