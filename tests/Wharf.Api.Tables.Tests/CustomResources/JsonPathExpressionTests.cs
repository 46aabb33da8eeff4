using System.Text.Json.Nodes;
using Wharf.Api.Tables.CustomResources;
using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.CustomResources;

public sealed class JsonPathExpressionTests
{
    private static readonly JsonObject Doc = J(
        "{'items':[{'n':'a','v':1},{'n':'b','v':5},{'n':'c'}],'m':{'x.y':'dotted','k':'key'}}");

    [Theory]
    [InlineData("field chain", ".m.k", "[\"key\"]")]
    [InlineData("braces and escaped dot", "{.m.x\\.y}", "[\"dotted\"]")]
    [InlineData("quoted bracket key", ".m['x.y']", "[\"dotted\"]")]
    [InlineData("index", ".items[1].n", "[\"b\"]")]
    [InlineData("negative index", ".items[-1].n", "[\"c\"]")]
    [InlineData("out of range index", ".items[7].n", "[]")]
    [InlineData("wildcard", ".items[*].n", "[\"a\",\"b\",\"c\"]")]
    [InlineData("string filter", ".items[?(@.n==\"b\")].v", "[5]")]
    [InlineData("numeric filter", ".items[?(@.v>1)].n", "[\"b\"]")]
    [InlineData("existence filter", ".items[?(@.v)].n", "[\"a\",\"b\"]")]
    [InlineData("not equal filter skips missing", ".items[?(@.n!='a')].n", "[\"b\",\"c\"]")]
    [InlineData("missing key", ".nope.deeper", "[]")]
    public void Evaluates(string name, string path, string expected)
    {
        var results = JsonPathExpression.Parse(path).Evaluate(Doc).Select(n => n?.DeepClone()).ToArray();
        Assert.Equal(expected, new JsonArray(results).ToJsonString());
    }

    [Theory]
    [InlineData("recursive descent", "..n")]
    [InlineData("unclosed bracket", ".items[0")]
    [InlineData("empty", "")]
    public void Rejects_unsupported(string name, string path)
    {
        Assert.Throws<FormatException>(() => JsonPathExpression.Parse(path));
    }
}
