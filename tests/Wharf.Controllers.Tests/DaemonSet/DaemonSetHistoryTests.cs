using System.Text.Json.Nodes;
using Wharf.Controllers.DaemonSet;

namespace Wharf.Controllers.Tests.DaemonSet;

public sealed class DaemonSetHistoryTests
{
    [Fact]
    public void Data_IsTheTemplateAsAReplacePatch_WrittenAsGoWritesIt()
    {
        var ds = DaemonSetObjects.DaemonSet("ns", "agent", "agent");
        ds["spec"]!["template"]!["spec"]!["restartPolicy"] = "Always";

        var data = DaemonSetHistory.Data(ds);

        Assert.Equal(
            """{"spec":{"template":{"$patch":"replace","metadata":{"creationTimestamp":null,"labels":{"app":"agent"}},"spec":{"containers":[{"image":"nginx:1.27","name":"main"}],"restartPolicy":"Always"}}}}""",
            data.ToJsonString());
        Assert.Null(ds["spec"]!["template"]!["$patch"]);
    }

    [Theory]
    [InlineData("field order", """{"b":1,"a":2}""", """{"a":2,"b":1}""", true)]
    [InlineData("other image", """{"image":"x"}""", """{"image":"y"}""", false)]
    public void Data_DependsOnTheTemplateNotOnFieldOrder(string name, string first, string second, bool equal)
    {
        _ = name;
        JsonObject With(string extra)
        {
            var ds = DaemonSetObjects.DaemonSet("ns", "agent", "agent");
            ds["spec"]!["template"]!["metadata"]!["annotations"] = JsonNode.Parse(extra);
            return ds;
        }
        Assert.Equal(equal, DaemonSetHistory.Data(With(first)).ToJsonString() == DaemonSetHistory.Data(With(second)).ToJsonString());
    }
}
