using Wharf.ApiServer.Registry.Validation;

namespace Wharf.ApiServer.Tests.Validation;

/// <summary>apimachinery's util/validation name checks, with their exact messages.</summary>
public sealed class NameRulesTests
{
    internal const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    internal const string LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    internal const string Dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    internal const string QualifiedNamePartMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    internal const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    [Theory]
    [InlineData("a")]
    [InlineData("my-app")]
    [InlineData("example.com")]
    [InlineData("1.2.3")]
    [InlineData("a-b.c-d")]
    public void IsDns1123Subdomain_Valid_HasNoErrors(string value) => Assert.Empty(NameRules.IsDns1123Subdomain(value));

    [Theory]
    [InlineData("uppercase", "Web")]
    [InlineData("underscore", "my_app")]
    [InlineData("leading dash", "-web")]
    [InlineData("trailing dot", "web.")]
    [InlineData("double dot", "a..b")]
    [InlineData("empty", "")]
    public void IsDns1123Subdomain_Invalid_HasRegexMessage(string name, string value)
    {
        _ = name;
        Assert.Equal([SubdomainMessage], NameRules.IsDns1123Subdomain(value));
    }

    [Fact]
    public void IsDns1123Subdomain_TooLong_HasLengthAndNoRegexMessage()
    {
        var value = string.Join(".", Enumerable.Repeat(new string('a', 63), 4)) + "b"; // 257 characters, each label valid
        Assert.Equal(["must be no more than 253 characters"], NameRules.IsDns1123Subdomain(value));
    }

    [Theory]
    [InlineData("a")]
    [InlineData("123-abc")]
    [InlineData("my-name")]
    public void IsDns1123Label_Valid_HasNoErrors(string value) => Assert.Empty(NameRules.IsDns1123Label(value));

    [Theory]
    [InlineData("uppercase", "Abc")]
    [InlineData("trailing dash", "abc-")]
    [InlineData("underscore", "a_b")]
    public void IsDns1123Label_Invalid_HasRegexMessage(string name, string value)
    {
        _ = name;
        Assert.Equal([LabelMessage], NameRules.IsDns1123Label(value));
    }

    [Fact]
    public void IsDns1123Label_SixtyFourCharacters_IsTooLong() =>
        Assert.Equal(["must be no more than 63 characters"], NameRules.IsDns1123Label(new string('a', 64)));

    [Fact]
    public void IsDns1123Label_ValidSubdomainWithDots_SaysMustNotContainDots() =>
        Assert.Equal(["must not contain dots"], NameRules.IsDns1123Label("a.b"));

    [Theory]
    [InlineData("web")]
    [InlineData("abc-123")]
    public void IsDns1035Label_Valid_HasNoErrors(string value) => Assert.Empty(NameRules.IsDns1035Label(value));

    [Theory]
    [InlineData("leading digit", "1web")]
    [InlineData("dot", "a.b")]
    [InlineData("uppercase", "Web")]
    public void IsDns1035Label_Invalid_HasRegexMessage(string name, string value)
    {
        _ = name;
        Assert.Equal([Dns1035Message], NameRules.IsDns1035Label(value));
    }

    [Theory]
    [InlineData("app")]
    [InlineData("My_Name.1")]
    [InlineData("example.com/app")]
    [InlineData("kubernetes.io/metadata.name")]
    public void IsQualifiedName_Valid_HasNoErrors(string value) => Assert.Empty(NameRules.IsQualifiedName(value));

    [Theory]
    [InlineData("bad name", "-app", new[] { QualifiedNamePartMessage })]
    [InlineData("empty prefix", "/app", new[] { "prefix part must be non-empty" })]
    [InlineData("bad prefix", "Example.com/app", new[] { "prefix part " + SubdomainMessage })]
    [InlineData("long name", "example.com/" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", new[] { "name part must be no more than 63 characters" })]
    public void IsQualifiedName_Invalid_HasUpstreamMessages(string name, string value, string[] expected)
    {
        _ = name;
        Assert.Equal(expected, NameRules.IsQualifiedName(value));
    }

    [Fact]
    public void IsQualifiedName_TwoSlashes_HasWholeNameMessage() =>
        Assert.Equal(
            ["a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
            NameRules.IsQualifiedName("a/b/c"));

    [Theory]
    [InlineData("")]
    [InlineData("example.com/")]
    public void IsQualifiedName_EmptyNamePart_HasEmptyAndRegexMessages(string value) =>
        Assert.Equal(["name part must be non-empty", QualifiedNamePartMessage], NameRules.IsQualifiedName(value));

    [Theory]
    [InlineData("")]
    [InlineData("v1.2")]
    [InlineData("My_Value")]
    public void IsValidLabelValue_Valid_HasNoErrors(string value) => Assert.Empty(NameRules.IsValidLabelValue(value));

    [Theory]
    [InlineData("space", "a b")]
    [InlineData("trailing dash", "a-")]
    [InlineData("slash", "a/b")]
    public void IsValidLabelValue_Invalid_HasRegexMessage(string name, string value)
    {
        _ = name;
        Assert.Equal([LabelValueMessage], NameRules.IsValidLabelValue(value));
    }

    [Fact]
    public void IsValidLabelValue_SixtyFourCharacters_IsTooLong() =>
        Assert.Equal(["must be no more than 63 characters"], NameRules.IsValidLabelValue(new string('a', 64)));

    [Theory]
    [InlineData("dot", ".", "may not be '.'")]
    [InlineData("dot dot", "..", "may not be '..'")]
    [InlineData("slash", "a/b", "may not contain '/'")]
    [InlineData("percent", "a%b", "may not contain '%'")]
    public void IsPathSegmentName_Invalid_HasUpstreamMessage(string name, string value, string expected)
    {
        _ = name;
        Assert.Equal([expected], NameRules.IsPathSegmentName(value));
    }

    [Fact]
    public void IsPathSegmentName_RbacStyleName_IsValid() => Assert.Empty(NameRules.IsPathSegmentName("system:controller:Foo"));

    [Theory]
    [InlineData("web")]
    [InlineData("web-0")]
    [InlineData("0web")]
    [InlineData("a.b.c")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("-a")]
    [InlineData("a-")]
    [InlineData("Web")]
    [InlineData("")]
    [InlineData("example.com/Name_1")]
    [InlineData("example.com/")]
    [InlineData("/name")]
    [InlineData("a/b/c")]
    [InlineData("my.name")]
    [InlineData("under_score")]
    [InlineData("_under")]
    [InlineData("a b")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void FastChecks_AgreeWithTheMessageProducingOnes(string value)
    {
        Assert.Equal(!NameRules.IsDns1123Label(value).Any(), NameRules.IsValidDns1123Label(value));
        Assert.Equal(!NameRules.IsDns1123Subdomain(value).Any(), NameRules.IsValidDns1123Subdomain(value));
        Assert.Equal(!NameRules.IsQualifiedName(value).Any(), NameRules.IsValidQualifiedName(value));
        Assert.Equal(!NameRules.IsValidLabelValue(value).Any(), NameRules.IsValidLabelValueFast(value));
    }
}
