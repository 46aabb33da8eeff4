using Wharf.ApiServer.Rest.Selectors;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Selectors;

/// <summary>Rendering as metav1.LabelSelectorAsSelector(…).String() (and labels.SelectorFromSet for plain maps) does.</summary>
public sealed class SelectorTextTests
{
    [Theory]
    [InlineData("match labels sorted", "{'matchLabels':{'tier':'web','app':'shop'}}", "app=shop,tier=web")]
    [InlineData("in with sorted values", "{'matchExpressions':[{'key':'env','operator':'In','values':['prod','dev']}]}", "env in (dev,prod)")]
    [InlineData("notin", "{'matchExpressions':[{'key':'env','operator':'NotIn','values':['x']}]}", "env notin (x)")]
    [InlineData("exists", "{'matchExpressions':[{'key':'env','operator':'Exists'}]}", "env")]
    [InlineData("does not exist", "{'matchExpressions':[{'key':'env','operator':'DoesNotExist'}]}", "!env")]
    [InlineData("plain map of a replication controller", "{'b':'2','a':'1'}", "a=1,b=2")]
    [InlineData("empty selector", "{}", "")]
    public void Of_RendersQueryForm(string name, string selector, string expected)
    {
        _ = name;
        Assert.Equal(expected, SelectorText.Of(Json.Obj(selector)));
    }

    [Theory]
    [InlineData("expression key before label key", "{'matchLabels':{'z':'1'},'matchExpressions':[{'key':'a','operator':'Exists'}]}", "a,z=1")]
    [InlineData("expressions sorted by key", "{'matchExpressions':[{'key':'b','operator':'Exists'},{'key':'a','operator':'DoesNotExist'}]}", "!a,b")]
    public void Of_SortsRequirementsByKey(string name, string selector, string expected)
    {
        _ = name;
        Assert.Equal(expected, SelectorText.Of(Json.Obj(selector)));
    }

    [Fact]
    public void Of_RenderedText_ParsesBackToAnEquivalentSelector()
    {
        var text = SelectorText.Of(Json.Obj("{'matchLabels':{'app':'shop'},'matchExpressions':[{'key':'env','operator':'In','values':['a','b']}]}"));
        var parsed = LabelSelector.Parse(text);
        Assert.True(parsed.Matches(Json.Obj("{'app':'shop','env':'b'}")));
        Assert.False(parsed.Matches(Json.Obj("{'app':'shop','env':'c'}")));
    }
}
