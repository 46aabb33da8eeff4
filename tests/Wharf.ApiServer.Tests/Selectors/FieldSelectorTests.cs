using Wharf.ApiServer.Rest.Selectors;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Selectors;

/// <summary>Field selectors: fields.ParseSelector syntax plus each kind's field label conversion.</summary>
public sealed class FieldSelectorTests
{
    private const string Pod = """
        {'metadata':{'name':'web','namespace':'default'},
         'spec':{'nodeName':'n1','restartPolicy':'Always','schedulerName':'default-scheduler','serviceAccountName':'sa'},
         'status':{'phase':'Running','podIP':'10.42.0.5','podIPs':[{'ip':'10.42.0.5'},{'ip':'fd00::5'}]}}
        """;

    [Theory]
    [InlineData("", "pods", "metadata.name")]
    [InlineData("", "pods", "metadata.namespace")]
    [InlineData("", "pods", "spec.nodeName")]
    [InlineData("", "pods", "spec.restartPolicy")]
    [InlineData("", "pods", "spec.schedulerName")]
    [InlineData("", "pods", "spec.serviceAccountName")]
    [InlineData("", "pods", "spec.hostNetwork")]
    [InlineData("", "pods", "status.phase")]
    [InlineData("", "pods", "status.podIP")]
    [InlineData("", "pods", "status.podIPs")]
    [InlineData("", "pods", "status.nominatedNodeName")]
    [InlineData("", "secrets", "type")]
    [InlineData("", "namespaces", "status.phase")]
    [InlineData("", "namespaces", "metadata.name")]
    [InlineData("", "nodes", "spec.unschedulable")]
    [InlineData("", "nodes", "metadata.name")]
    [InlineData("", "replicationcontrollers", "status.replicas")]
    [InlineData("", "events", "involvedObject.name")]
    [InlineData("", "events", "reason")]
    [InlineData("", "events", "source")]
    [InlineData("", "configmaps", "metadata.name")]
    [InlineData("", "configmaps", "metadata.namespace")]
    [InlineData("apps", "deployments", "metadata.name")]
    public void Parse_SupportedField_Succeeds(string group, string resource, string field)
    {
        var selector = FieldSelector.Parse($"{field}=x", group, resource);
        Assert.Equal([field], selector.Fields);
    }

    [Theory]
    [InlineData("", "services", "spec.clusterIP")]
    [InlineData("", "services", "spec.type")]
    public void Parse_ServiceFields_Succeed(string group, string resource, string field)
    {
        var selector = FieldSelector.Parse($"{field}=x", group, resource);
        Assert.Equal([field], selector.Fields);
    }

    [Theory]
    [InlineData("", "pods", "spec.foo")]
    [InlineData("", "secrets", "data.x")]
    [InlineData("", "namespaces", "spec.finalizers")]
    public void Parse_UnsupportedField_IsBadRequestFieldLabelNotSupported(string group, string resource, string field)
    {
        var error = Fails.Status(() => FieldSelector.Parse($"{field}=x", group, resource));
        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
        Assert.Equal($"field label not supported: {field}", error.Message);
    }

    [Theory]
    [InlineData("", "nodes", "metadata.namespace")]
    [InlineData("", "namespaces", "metadata.namespace")]
    public void Parse_MetadataNamespaceOnNodeOrNamespace_IsNotSupported(string group, string resource, string field)
    {
        var error = Fails.Status(() => FieldSelector.Parse($"{field}=x", group, resource));
        Assert.Equal($"field label not supported: {field}", error.Message);
    }

    [Theory]
    [InlineData("", "configmaps", "data.x")]
    [InlineData("apps", "deployments", "spec.replicas")]
    public void Parse_UnsupportedFieldOnKindWithoutConversion_HasDefaultConversionMessage(string group, string resource, string field)
    {
        var error = Fails.Status(() => FieldSelector.Parse($"{field}=x", group, resource));
        Assert.Equal($"\"{field}\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"", error.Message);
    }

    [Fact]
    public void Parse_TermWithoutOperator_IsBadRequestWithUpstreamMessage()
    {
        var error = Fails.Status(() => FieldSelector.Parse("metadata.name", "", "pods"));
        Assert.Equal(400, error.Code);
        Assert.Equal("invalid selector: 'metadata.name'; can't understand 'metadata.name'", error.Message);
    }

    [Theory]
    [InlineData("metadata.name=a=b", "invalid field selector: unescaped character in value: 61")]
    [InlineData("metadata.name=a\\x", "invalid field selector: invalid escape sequence: \\x")]
    [InlineData("metadata.name=a\\", "invalid field selector: invalid escape sequence: \\")]
    public void Parse_BadValueEscaping_IsBadRequest(string selector, string message)
    {
        var error = Fails.Status(() => FieldSelector.Parse(selector, "", "pods"));
        Assert.Equal(message, error.Message);
    }

    [Theory]
    [InlineData("name equals", "metadata.name=web", true)]
    [InlineData("name double equals", "metadata.name==web", true)]
    [InlineData("name not equals", "metadata.name!=web", false)]
    [InlineData("node and phase", "spec.nodeName=n1,status.phase=Running", true)]
    [InlineData("phase differs", "status.phase=Pending", false)]
    [InlineData("host network defaults to false", "spec.hostNetwork=false", true)]
    [InlineData("first pod IP", "status.podIPs=10.42.0.5", true)]
    [InlineData("second pod IP is not matched", "status.podIPs=fd00::5", false)]
    [InlineData("empty terms are skipped", ",metadata.name=web,", true)]
    [InlineData("absent field is empty", "status.nominatedNodeName=", true)]
    public void Matches_Pod(string name, string selector, bool expected)
    {
        _ = name;
        Assert.Equal(expected, FieldSelector.Parse(selector, "", "pods").Matches(Json.Obj(Pod)));
    }

    [Fact]
    public void Matches_EscapedCommaInValue_IsDataNotSeparator()
    {
        var selector = FieldSelector.Parse("metadata.name=a\\,b", "", "configmaps");
        Assert.True(selector.Matches(Json.Obj("{'metadata':{'name':'a,b'}}")));
        Assert.False(selector.Matches(Json.Obj("{'metadata':{'name':'a'}}")));
    }

    [Theory]
    [InlineData("{'type':'kubernetes.io/tls'}", "type=kubernetes.io/tls", true)]
    [InlineData("{'type':'Opaque'}", "type!=Opaque", false)]
    public void Matches_SecretType(string secret, string selector, bool expected) =>
        Assert.Equal(expected, FieldSelector.Parse(selector, "", "secrets").Matches(Json.Obj(secret)));

    [Theory]
    [InlineData("{'spec':{}}", "spec.unschedulable=false", true)]
    [InlineData("{'spec':{'unschedulable':true}}", "spec.unschedulable=true", true)]
    public void Matches_NodeUnschedulable(string node, string selector, bool expected) =>
        Assert.Equal(expected, FieldSelector.Parse(selector, "", "nodes").Matches(Json.Obj(node)));

    [Fact]
    public void RequiredValue_OfEqualityTerm_IsTheValue()
    {
        var selector = FieldSelector.Parse("metadata.name=web,status.phase!=Failed", "", "pods");
        Assert.Equal("web", selector.RequiredValue("metadata.name"));
        Assert.Null(selector.RequiredValue("status.phase"));
    }
}
