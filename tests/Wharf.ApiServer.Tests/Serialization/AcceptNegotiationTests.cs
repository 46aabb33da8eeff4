using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Serialization;

namespace Wharf.ApiServer.Tests.Serialization;

/// <summary>Which Accept headers a resource endpoint serves, and with which conversion, as upstream negotiates them.</summary>
public sealed class AcceptNegotiationTests
{
    private const string NotAcceptable = "only the following media types are accepted: application/json, application/yaml, application/vnd.kubernetes.protobuf";

    [Theory]
    [InlineData("no header", "", "")]
    [InlineData("plain json", "application/json", "")]
    [InlineData("protobuf then json", "application/vnd.kubernetes.protobuf, application/json", "")]
    [InlineData("anything", "*/*", "")]
    [InlineData("browser", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "")]
    [InlineData("kubectl get", "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json", "Table/v1")]
    [InlineData("table of an unserved version falls back", "application/json;as=Table;v=v2;g=meta.k8s.io,application/json", "")]
    [InlineData("metadata informer list", "application/vnd.kubernetes.protobuf;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json", "PartialObjectMetadataList/v1")]
    [InlineData("beta partial metadata", "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1beta1", "PartialObjectMetadata/v1beta1")]
    [InlineData("protobuf table is skipped", "application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io,application/json", "")]
    [InlineData("quality wins over order", "application/json;q=0.5,application/json;as=Table;v=v1;g=meta.k8s.io", "Table/v1")]
    [InlineData("watch stream", "application/json;stream=watch", "")]
    public void Served(string name, string accept, string expected)
    {
        _ = name;
        var conversion = AcceptNegotiation.Negotiate(accept);
        Assert.Equal(expected, conversion is null ? "" : $"{conversion.Kind}/{conversion.Version}");
    }

    [Theory]
    [InlineData("html only", "text/html")]
    [InlineData("table of another version", "application/json;as=Table;v=v2;g=meta.k8s.io")]
    [InlineData("table of another group", "application/json;as=Table;v=v1;g=example.com")]
    [InlineData("table without group", "application/json;as=Table")]
    [InlineData("protobuf table", "application/vnd.kubernetes.protobuf;as=Table;v=v1;g=meta.k8s.io")]
    [InlineData("unknown conversion", "application/json;as=Pod;v=v1;g=meta.k8s.io")]
    [InlineData("partial metadata of another version", "application/json;as=PartialObjectMetadata;v=v2;g=meta.k8s.io")]
    [InlineData("unknown stream", "application/json;stream=chunks")]
    public void Refused(string name, string accept)
    {
        _ = name;
        var error = Assert.Throws<StatusException>(() => AcceptNegotiation.Negotiate(accept));
        Assert.Equal((406, "NotAcceptable", NotAcceptable), (error.Code, error.Reason, error.Message));
    }

    /// <summary>
    /// goautoneg's comparison puts a concrete range before a wildcard whatever their qualities, so application/json at
    /// q=0.5 goes before text/* at q=1 (upstream would pick it first, and so must Wharf).
    /// </summary>
    [Fact]
    public void Clauses_AreOrderedAsUpstreamSortsThem()
    {
        var clauses = AcceptClause.ParseAll("*/*;q=0.9, text/*, application/json;q=0.5, text/plain");

        Assert.Equal(["text/plain", "application/json", "text/*", "*/*"], clauses.Select(c => $"{c.Type}/{c.SubType}"));
    }
}
