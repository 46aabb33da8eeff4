using Wharf.ApiServer.Registry.Validation;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Validation;

/// <summary>ObjectMeta rules of apimachinery's api/validation (ValidateObjectMetaAccessor and its update twin).</summary>
public sealed class ObjectMetaValidatorTests
{
    private static List<string> Errors(string obj, NameFormat format = NameFormat.Dns1123Subdomain, bool namespaced = true) =>
        ObjectMetaValidator.Validate(Json.Obj(obj), format, namespaced).Select(e => e.ToString()).ToList();

    [Fact]
    public void Validate_ValidObject_HasNoErrors() =>
        Assert.Empty(Errors("{'metadata':{'name':'web','namespace':'default','labels':{'app':'web'},'annotations':{'Example.com/Note':'x'}}}"));

    [Fact]
    public void Validate_NoName_IsRequired() =>
        Assert.Equal(["metadata.name: Required value: name or generateName is required"], Errors("{'metadata':{'namespace':'default'}}"));

    [Fact]
    public void Validate_BadName_IsInvalidWithValue() =>
        Assert.Equal([$"metadata.name: Invalid value: \"Web\": {NameRulesTests.SubdomainMessage}"], Errors("{'metadata':{'name':'Web','namespace':'default'}}"));

    [Fact]
    public void Validate_Dns1035Kind_UsesDns1035Message() =>
        Assert.Equal([$"metadata.name: Invalid value: \"1web\": {NameRulesTests.Dns1035Message}"],
            Errors("{'metadata':{'name':'1web','namespace':'default'}}", NameFormat.Dns1035Label));

    [Fact]
    public void Validate_NamespacedWithoutNamespace_IsRequired() =>
        Assert.Equal(["metadata.namespace: Required value"], Errors("{'metadata':{'name':'web'}}"));

    [Fact]
    public void Validate_ClusterScopedWithNamespace_IsForbidden() =>
        Assert.Equal(["metadata.namespace: Forbidden: not allowed on this type"], Errors("{'metadata':{'name':'n1','namespace':'default'}}", namespaced: false));

    [Fact]
    public void Validate_BadLabelKeyAndValue_ReportsBoth() =>
        Assert.Equal(
            [$"metadata.labels: Invalid value: \"-app\": {NameRulesTests.QualifiedNamePartMessage}",
             $"metadata.labels: Invalid value: \"a b\": {NameRulesTests.LabelValueMessage}"],
            Errors("{'metadata':{'name':'web','namespace':'default','labels':{'-app':'a b'}}}"));

    [Fact]
    public void Validate_BadAnnotationKey_IsInvalidWithOriginalKey() =>
        Assert.Equal([$"metadata.annotations: Invalid value: \"-Note\": {NameRulesTests.QualifiedNamePartMessage}"],
            Errors("{'metadata':{'name':'web','namespace':'default','annotations':{'-Note':'x'}}}"));

    [Fact]
    public void Validate_AnnotationsOverLimit_IsTooLong()
    {
        var big = new string('x', 256 * 1024);
        Assert.Equal(["metadata.annotations: Too long: may not be more than 262144 bytes"],
            Errors($"{{'metadata':{{'name':'web','namespace':'default','annotations':{{'a':'{big}'}}}}}}"));
    }

    [Fact]
    public void Validate_BadGenerateName_IsInvalidOnGenerateName() =>
        Assert.Contains(Errors("{'metadata':{'generateName':'Bad-','namespace':'default'}}"),
            e => e.StartsWith("metadata.generateName: Invalid value: \"Bad-\": ", StringComparison.Ordinal));

    [Theory]
    [InlineData("name", "{'metadata':{'name':'b','namespace':'default','uid':'u1','creationTimestamp':'2024-01-01T00:00:00Z'}}", "metadata.name: Invalid value: \"b\": field is immutable")]
    [InlineData("namespace", "{'metadata':{'name':'a','namespace':'other','uid':'u1','creationTimestamp':'2024-01-01T00:00:00Z'}}", "metadata.namespace: Invalid value: \"other\": field is immutable")]
    [InlineData("uid", "{'metadata':{'name':'a','namespace':'default','uid':'u2','creationTimestamp':'2024-01-01T00:00:00Z'}}", "metadata.uid: Invalid value: \"u2\": field is immutable")]
    public void ValidateUpdate_ChangedImmutableField_IsInvalid(string name, string updated, string expected)
    {
        _ = name;
        var old = Json.Obj("{'metadata':{'name':'a','namespace':'default','uid':'u1','creationTimestamp':'2024-01-01T00:00:00Z'}}");
        Assert.Equal([expected], ObjectMetaValidator.ValidateUpdate(Json.Obj(updated), old).Select(e => e.ToString()));
    }

    [Theory]
    [InlineData("qualified and standard", "{'apiVersion':'v1','metadata':{'name':'c','namespace':'ns','finalizers':['example.com/cleanup','kubernetes','orphan']}}", "")]
    [InlineData("bare name on a built-in kind", "{'apiVersion':'apps/v1','metadata':{'name':'c','namespace':'ns','finalizers':['cleanup']}}",
        "metadata.finalizers[0]: Invalid value: \"cleanup\": name is neither a standard finalizer name nor is it fully qualified")]
    [InlineData("CRD cleanup finalizer", "{'apiVersion':'apiextensions.k8s.io/v1','metadata':{'name':'c','namespace':'ns','finalizers':['customresourcecleanup.apiextensions.k8s.io']}}", "")]
    [InlineData("bare name on a custom resource", "{'apiVersion':'example.com/v1','metadata':{'name':'c','namespace':'ns','finalizers':['cleanup']}}", "")]
    [InlineData("not a qualified name", "{'apiVersion':'example.com/v1','metadata':{'name':'c','namespace':'ns','finalizers':['a b/c']}}",
        "metadata.finalizers: Invalid value: \"a b/c\": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("orphan and foreground", "{'apiVersion':'v1','metadata':{'name':'c','namespace':'ns','finalizers':['orphan','foregroundDeletion']}}",
        "metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}: finalizer orphan and foregroundDeletion cannot be both set")]
    public void Validate_Finalizers(string name, string obj, string expected)
    {
        _ = name;
        var errors = Errors(obj);
        if (expected.Length == 0) Assert.Empty(errors);
        else Assert.Contains(expected, errors);
    }
}
