using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

public sealed class NetworkingValidationTests
{
    private const string Backend = "'backend':{'service':{'name':'web','port':{'number':80}}}";

    private static string Ingress(string spec) => "{'metadata':{'name':'i'},'spec':{" + spec + "}}";

    private static string Rule(string path) => "'rules':[{'host':'example.com','http':{'paths':[{" + path + "}]}}]";

    [Theory]
    [InlineData("valid", "'ingressClassName':'nginx'," + "'rules':[{'host':'*.example.com','http':{'paths':[{'path':'/','pathType':'Prefix'," + Backend + "}]}}],'tls':[{'hosts':['example.com'],'secretName':'tls'}]", "")]
    [InlineData("valid default backend only", "'defaultBackend':{'service':{'name':'web','port':{'name':'http'}}}", "")]
    [InlineData("neither rules nor default backend", "", "spec.rules: Invalid value: []networking.IngressRule(nil): either `defaultBackend` or `rules` must be specified")]
    [InlineData("pathType missing", "'rules':[{'http':{'paths':[{'path':'/'," + Backend + "}]}}]", "spec.rules[0].http.paths[0].pathType: Required value: pathType must be specified")]
    [InlineData("pathType unknown", "'rules':[{'http':{'paths':[{'path':'/','pathType':'Glob'," + Backend + "}]}}]", "spec.rules[0].http.paths[0].pathType: Unsupported value: \"Glob\": supported values: \"Exact\", \"ImplementationSpecific\", \"Prefix\"")]
    [InlineData("relative path", "'rules':[{'http':{'paths':[{'path':'api','pathType':'Prefix'," + Backend + "}]}}]", "spec.rules[0].http.paths[0].path: Invalid value: \"api\": must be an absolute path")]
    [InlineData("no paths", "'rules':[{'http':{'paths':[]}}]", "spec.rules[0].http.paths: Required value")]
    [InlineData("IP host", "'rules':[{'host':'10.0.0.1'}]", "spec.rules[0].host: Invalid value: \"10.0.0.1\": must be a DNS name, not an IP address")]
    [InlineData("bad wildcard host", "'rules':[{'host':'*.Example.com'}]", "spec.rules[0].host: Invalid value: \"*.Example.com\": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("service and resource", "'defaultBackend':{'service':{'name':'web','port':{'number':80}},'resource':{'kind':'Bucket','name':'b'}}", "spec.defaultBackend: Invalid value: \"\": cannot set both resource and service backends")]
    [InlineData("no backend", "'defaultBackend':{}", "spec.defaultBackend: Invalid value: \"\": resource or service backend is required")]
    [InlineData("port name and number", "'defaultBackend':{'service':{'name':'web','port':{'name':'http','number':80}}}", "spec.defaultBackend: Invalid value: \"\": cannot set both port name & port number")]
    [InlineData("no port", "'defaultBackend':{'service':{'name':'web','port':{}}}", "spec.defaultBackend: Required value: port name or number is required")]
    [InlineData("port out of range", "'defaultBackend':{'service':{'name':'web','port':{'number':70000}}}", "spec.defaultBackend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive")]
    [InlineData("service name not DNS-1035", "'defaultBackend':{'service':{'name':'1web','port':{'number':80}}}", "spec.defaultBackend.service.name: Invalid value: \"1web\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("TLS host invalid", "'defaultBackend':{'service':{'name':'web','port':{'number':80}}},'tls':[{'hosts':['Bad_Host']}]", "spec.tls[0].hosts[0]: Invalid value: \"Bad_Host\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("resource backend without kind", "'defaultBackend':{'resource':{'name':'b'}}", "spec.defaultBackend.resource.kind: Required value")]
    public void Ingress_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.Ingress, Ingress(spec)));
    }

    [Fact]
    public void Ingress_RulePath_ValidatesItsBackend() =>
        Assert.Contains("spec.rules[0].http.paths[0].backend: Invalid value: \"\": resource or service backend is required",
            StrategyRun.Create(Strategies.Ingress, Ingress(Rule("'path':'/','pathType':'Exact','backend':{}"))));

    [Theory]
    [InlineData("valid", "'controller':'example.com/ingress','parameters':{'kind':'Params','name':'p'}", "")]
    [InlineData("missing controller", "", "spec.controller: Required value")]
    [InlineData("controller without domain", "'controller':'nginx'", "spec.controller: Invalid value: \"nginx\": must be a domain-prefixed path (such as \"acme.io/foo\")")]
    [InlineData("namespace scope without namespace", "'controller':'a.io/c','parameters':{'kind':'P','name':'p','scope':'Namespace'}", "spec.parameters.namespace: Required value: `parameters.scope` is set to 'Namespace'")]
    [InlineData("cluster scope with namespace", "'controller':'a.io/c','parameters':{'kind':'P','name':'p','scope':'Cluster','namespace':'x'}", "spec.parameters.namespace: Forbidden: `parameters.scope` is set to 'Cluster'")]
    [InlineData("unknown scope", "'controller':'a.io/c','parameters':{'kind':'P','name':'p','scope':'World'}", "spec.parameters.scope: Unsupported value: \"World\": supported values: \"Cluster\", \"Namespace\"")]
    public void IngressClass_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.IngressClass, "{'metadata':{'name':'c'},'spec':{" + spec + "}}"));
    }

    [Fact]
    public void IngressClass_Controller_IsImmutable() =>
        Assert.Contains("spec.controller: Invalid value: \"b.io/c\": field is immutable",
            StrategyRun.Update(Strategies.IngressClass, "{'metadata':{'name':'c'},'spec':{'controller':'a.io/c'}}", "{'metadata':{'name':'c'},'spec':{'controller':'b.io/c'}}"));

    [Theory]
    [InlineData("valid", "'podSelector':{},'ingress':[{'from':[{'ipBlock':{'cidr':'10.0.0.0/8','except':['10.1.0.0/16']}},{'podSelector':{'matchLabels':{'a':'b'}}}],'ports':[{'protocol':'TCP','port':80,'endPort':90},{'port':'http'}]}],'policyTypes':['Ingress']", "")]
    [InlineData("empty peer", "'podSelector':{},'ingress':[{'from':[{}]}]", "spec.ingress[0].from[0]: Required value: must specify a peer")]
    [InlineData("ipBlock with selector", "'podSelector':{},'egress':[{'to':[{'ipBlock':{'cidr':'10.0.0.0/8'},'podSelector':{}}]}]", "spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer")]
    [InlineData("bad cidr", "'podSelector':{},'ingress':[{'from':[{'ipBlock':{'cidr':'10.0.0.0/33'}}]}]", "spec.ingress[0].from[0].ipBlock.cidr: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    [InlineData("except outside cidr", "'podSelector':{},'ingress':[{'from':[{'ipBlock':{'cidr':'10.0.0.0/16','except':['192.168.0.0/24']}}]}]", "spec.ingress[0].from[0].ipBlock.except[0]: Invalid value: \"192.168.0.0/24\": must be a strict subset of `cidr`")]
    [InlineData("unknown protocol", "'podSelector':{},'ingress':[{'ports':[{'protocol':'ICMP'}]}]", "spec.ingress[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    [InlineData("endPort below port", "'podSelector':{},'ingress':[{'ports':[{'port':90,'endPort':80}]}]", "spec.ingress[0].ports[0].endPort: Invalid value: 80: must be greater than or equal to `port`")]
    [InlineData("endPort with named port", "'podSelector':{},'ingress':[{'ports':[{'port':'http','endPort':80}]}]", "spec.ingress[0].ports[0].endPort: Forbidden: may not be specified when `port` is non-numeric")]
    [InlineData("bad port name", "'podSelector':{},'ingress':[{'ports':[{'port':'HTTP'}]}]", "spec.ingress[0].ports[0].port: Invalid value: \"HTTP\": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)")]
    [InlineData("unknown policy type", "'podSelector':{},'policyTypes':['Sideways']", "spec.policyTypes[0]: Unsupported value: \"Sideways\": supported values: \"Egress\", \"Ingress\"")]
    [InlineData("bad selector key", "'podSelector':{'matchLabels':{'-a':'b'}}", "spec.podSelector.matchLabels: Invalid value: \"-a\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    public void NetworkPolicy_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.NetworkPolicy, "{'metadata':{'name':'np'},'spec':{" + spec + "}}"));
    }
}
