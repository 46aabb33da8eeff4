using System.Text;
using Wharf.ApiServer.Endpoints;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Rest.Selectors;
using Wharf.Storage;

namespace Wharf.ApiServer.Tests.Selectors;

/// <summary>
/// The prefilter reads metadata.name and metadata.namespace terms straight from the stored bytes: it must agree with
/// the decoded object's selector wherever it answers, and answer "may match" wherever it cannot tell.
/// </summary>
public sealed class WatchSelectorPrefilterTests
{
    private const string Stored = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"labels":{"name":"other"},"name":"kube-root-ca.crt","namespace":"ns1","annotations":{"namespace":"x"},"managedFields":[{"manager":"m","fieldsV1":{"f:data":{}}}]},"data":{"name":"kube-root-ca.crt"}}""";

    [Theory]
    [InlineData("name equal", "metadata.name=kube-root-ca.crt", true)]
    [InlineData("name differs", "metadata.name=other", false)]
    [InlineData("name, not equal, same", "metadata.name!=kube-root-ca.crt", false)]
    [InlineData("name, not equal, other", "metadata.name!=other", true)]
    [InlineData("namespace equal", "metadata.namespace=ns1", true)]
    [InlineData("namespace differs", "metadata.namespace=ns2", false)]
    [InlineData("both, second rejects", "metadata.name=kube-root-ca.crt,metadata.namespace=ns2", false)]
    [InlineData("both match", "metadata.namespace=ns1,metadata.name=kube-root-ca.crt", true)]
    [InlineData("a prefix of the name is not the name", "metadata.name=kube-root", false)]
    public void FieldTerms_AgreeWithTheDecodedObject(string name, string selector, bool expected)
    {
        _ = name;
        var options = new ListOptions { FieldSelector = FieldSelector.Parse(selector, "", "configmaps") };
        var stored = new StoredObject("/registry/configmaps/ns1/kube-root-ca.crt", Encoding.UTF8.GetBytes(Stored), 5, 5);

        Assert.Equal(expected, ResourceStore.Matches(ObjectCodec.Decode(stored), options));
        Assert.Equal(expected, WatchSelectorPrefilter.MayMatch(stored, options));
    }

    [Theory]
    [InlineData("escaped name in the stored bytes", """{"metadata":{"name":"a\u002db"}}""", "metadata.name=a-b", true)]
    [InlineData("escaped name, other value", """{"metadata":{"name":"a\u002db"}}""", "metadata.name=a-c", false)]
    [InlineData("absent namespace reads as empty", """{"metadata":{"name":"n"}}""", "metadata.namespace=", true)]
    [InlineData("absent namespace is not a namespace", """{"metadata":{"name":"n"}}""", "metadata.namespace=ns1", false)]
    [InlineData("empty metadata", """{"metadata":{}}""", "metadata.name!=n", true)]
    public void EdgeCases_AgreeWithTheDecodedObject(string name, string json, string selector, bool expected)
    {
        _ = name;
        var options = new ListOptions { FieldSelector = FieldSelector.Parse(selector, "", "configmaps") };
        var stored = new StoredObject("/registry/configmaps/ns1/n", Encoding.UTF8.GetBytes(json), 5, 5);

        Assert.Equal(expected, ResourceStore.Matches(ObjectCodec.Decode(stored), options));
        Assert.Equal(expected, WatchSelectorPrefilter.MayMatch(stored, options));
    }

    [Theory]
    [InlineData("a name that is not a string", """{"metadata":{"name":7}}""")]
    [InlineData("a null name", """{"metadata":{"name":null}}""")]
    public void ValuesThatAreNotStrings_MayMatch(string name, string json)
    {
        _ = name;
        var options = new ListOptions { FieldSelector = FieldSelector.Parse("metadata.name=other", "", "configmaps") };
        var stored = new StoredObject("/registry/configmaps/ns1/n", Encoding.UTF8.GetBytes(json), 5, 5);

        Assert.True(WatchSelectorPrefilter.MayMatch(stored, options));
    }

    [Fact]
    public void LabelSelectors_StillDecideOnTheParsedMetadata()
    {
        var stored = new StoredObject("/registry/configmaps/ns1/kube-root-ca.crt", Encoding.UTF8.GetBytes(Stored), 5, 5);
        var matching = new ListOptions { LabelSelector = LabelSelector.Parse("name=other"), FieldSelector = FieldSelector.Parse("metadata.namespace=ns1", "", "configmaps") };
        var rejecting = matching with { LabelSelector = LabelSelector.Parse("name=kube-root-ca.crt") };

        Assert.True(WatchSelectorPrefilter.MayMatch(stored, matching));
        Assert.False(WatchSelectorPrefilter.MayMatch(stored, rejecting));
    }
}
