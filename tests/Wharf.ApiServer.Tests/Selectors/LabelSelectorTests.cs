using Wharf.ApiServer.Rest.Selectors;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Selectors;

/// <summary>Label selector query parsing and matching as apimachinery's labels.Parse and Requirement.Matches behave.</summary>
public sealed class LabelSelectorTests
{
    private const string QualifiedNameRegexMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    private const string LabelValueRegexMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    [Theory]
    [InlineData("equals matches", "a=b", "{'a':'b'}", true)]
    [InlineData("equals other value", "a=b", "{'a':'c'}", false)]
    [InlineData("equals absent", "a=b", "{}", false)]
    [InlineData("equals no labels", "a=b", "null", false)]
    [InlineData("double equals", "a==b", "{'a':'b'}", true)]
    [InlineData("not equals other value", "a!=b", "{'a':'c'}", true)]
    [InlineData("not equals absent matches", "a!=b", "{}", true)]
    [InlineData("not equals same value", "a!=b", "{'a':'b'}", false)]
    [InlineData("in matches second", "a in (x,y)", "{'a':'y'}", true)]
    [InlineData("in no match", "a in (x,y)", "{'a':'z'}", false)]
    [InlineData("in absent", "a in (x,y)", "{}", false)]
    [InlineData("in with spaces", "a in ( x , y )", "{'a':'y'}", true)]
    [InlineData("in empty set holds the empty value", "a in ()", "{'a':''}", true)]
    [InlineData("notin absent matches", "a notin (x)", "{}", true)]
    [InlineData("notin listed", "a notin (x)", "{'a':'x'}", false)]
    [InlineData("notin other", "a notin (x)", "{'a':'y'}", true)]
    [InlineData("notin without space", "a notin(x)", "{'a':'y'}", true)]
    [InlineData("exists with empty value", "a", "{'a':''}", true)]
    [InlineData("exists absent", "a", "{}", false)]
    [InlineData("does not exist absent", "!a", "{}", true)]
    [InlineData("does not exist present", "!a", "{'a':'x'}", false)]
    [InlineData("greater than", "a>1", "{'a':'2'}", true)]
    [InlineData("greater than equal", "a>1", "{'a':'1'}", false)]
    [InlineData("greater than non-numeric label", "a>1", "{'a':'x'}", false)]
    [InlineData("greater than absent", "a>1", "{}", false)]
    [InlineData("less than", "a<10", "{'a':'9'}", true)]
    [InlineData("less than negative", "a<0", "{'a':'-3'}", true)]
    [InlineData("empty value", "a=", "{'a':''}", true)]
    [InlineData("empty value against value", "a=", "{'a':'x'}", false)]
    [InlineData("and of two", "a=b,c!=d", "{'a':'b','c':'e'}", true)]
    [InlineData("and of two, second fails", "a=b,c!=d", "{'a':'b','c':'d'}", false)]
    [InlineData("spaces around operators", " a = b ", "{'a':'b'}", true)]
    [InlineData("prefixed key", "example.com/app=web", "{'example.com/app':'web'}", true)]
    [InlineData("uppercase and underscore key", "My_Key=V.1", "{'My_Key':'V.1'}", true)]
    [InlineData("empty selector matches everything", "", "{'x':'y'}", true)]
    public void Parse_ThenMatches_FollowsUpstreamSemantics(string name, string selector, string labels, bool expected)
    {
        _ = name;
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Json.Labels(labels)));
    }

    [Theory]
    [InlineData("tab after comma", "a=b,\tc=d", "{'a':'b','c':'d'}", true)]
    [InlineData("newline before operator", "a\n=b", "{'a':'b'}", true)]
    public void Parse_ThenMatches_TreatsAllWhitespaceAsSeparators(string name, string selector, string labels, bool expected)
    {
        _ = name;
        Assert.Equal(expected, LabelSelector.Parse(selector).Matches(Json.Labels(labels)));
    }

    [Theory]
    [InlineData("two words", "a b")]
    [InlineData("operator first", "=a")]
    [InlineData("trailing comma", "a,")]
    [InlineData("garbage after value", "a=b c")]
    [InlineData("in without parenthesis", "a in x")]
    [InlineData("unclosed set", "a in (x")]
    [InlineData("bang alone", "!")]
    [InlineData("parenthesis as value", "a=(b)")]
    [InlineData("bang as operator", "a!b")]
    public void Parse_Malformed_IsBadRequest(string name, string selector)
    {
        _ = name;
        var error = Fails.Status(() => LabelSelector.Parse(selector));
        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
    }

    [Theory]
    [InlineData("non-integer gt", "a>b")]
    [InlineData("key starting with dash", "-a=b")]
    [InlineData("value ending with underscore", "a=b_")]
    [InlineData("key with two slashes", "a/b/c")]
    public void Parse_InvalidKeyOrValue_IsBadRequest(string name, string selector)
    {
        _ = name;
        var error = Fails.Status(() => LabelSelector.Parse(selector));
        Assert.Equal(400, error.Code);
    }

    [Theory]
    [InlineData("a b", "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("=a", "found '=', expected: !, identifier, or 'end of string'")]
    [InlineData("a,", "found '', expected: identifier after ','")]
    [InlineData("a=b c", "found 'c', expected: ',' or 'end of string'")]
    [InlineData("a in x", "unable to parse requirement: found 'x' expected: '('")]
    [InlineData("a in (x", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("a=(b)", "unable to parse requirement: found '(', expected: identifier")]
    [InlineData("a>b", "unable to parse requirement: values[0]: Invalid value: \"b\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("-a=b", "unable to parse requirement: <nil>: Invalid value: \"-a\": " + QualifiedNameRegexMessage)]
    [InlineData("a=b_", "unable to parse requirement: values[0][a]: Invalid value: \"b_\": " + LabelValueRegexMessage)]
    public void Parse_Malformed_HasUpstreamMessage(string selector, string message)
    {
        var error = Fails.Status(() => LabelSelector.Parse(selector));
        Assert.Equal(message, error.Message);
    }
}
