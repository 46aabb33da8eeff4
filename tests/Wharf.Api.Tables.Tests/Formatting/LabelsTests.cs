using Wharf.Api.Tables.Formatting;
using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.Formatting;

public sealed class LabelsTests
{
    [Theory]
    [InlineData("nil selector", "{}", "<none>")]
    [InlineData("empty selector selects everything", "{'s':{}}", "<none>")]
    [InlineData("labels sorted", "{'s':{'matchLabels':{'b':'2','a':'1'}}}", "a=1,b=2")]
    [InlineData("expressions by key, values sorted", "{'s':{'matchExpressions':[{'key':'z','operator':'NotIn','values':['y','x']},{'key':'e','operator':'Exists'}]}}", "e,z notin (x,y)")]
    [InlineData("bad operator", "{'s':{'matchExpressions':[{'key':'z','operator':'Near'}]}}", "<error>")]
    public void Formats_selector(string name, string holder, string expected)
    {
        Assert.Equal(expected, Labels.FormatSelector(J(holder)["s"]));
    }

    [Theory]
    [InlineData("empty", "{}", "<none>")]
    [InlineData("sorted ordinal", "{'m':{'b':'1','B':'2','a':''}}", "B=2,a=,b=1")]
    public void Formats_map(string name, string holder, string expected)
    {
        Assert.Equal(expected, Labels.FormatMap(J(holder), "m"));
    }
}
