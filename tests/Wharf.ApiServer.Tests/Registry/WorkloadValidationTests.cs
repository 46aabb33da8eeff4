using Wharf.ApiServer.Registry.Apps;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Registry;

public sealed class WorkloadValidationTests
{
    private const string Template = "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}";

    [Theory]
    [InlineData("valid", "{'metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'web'}}," + Template + "}}", "")]
    [InlineData("no selector", "{'metadata':{'name':'d'},'spec':{" + Template + "}}", "spec.selector: Required value")]
    [InlineData("empty selector", "{'metadata':{'name':'d'},'spec':{'selector':{}," + Template + "}}", "spec.selector: Invalid value: {}: empty selector is invalid for deployment")]
    [InlineData("selector does not match", "{'metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'other'}}," + Template + "}}",
        "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}: `selector` does not match template `labels`")]
    [InlineData("no template", "{'metadata':{'name':'d'},'spec':{'selector':{'matchLabels':{'app':'web'}}}}", "spec.template: Required value")]
    [InlineData("negative replicas", "{'metadata':{'name':'d'},'spec':{'replicas':-1,'selector':{'matchLabels':{'app':'web'}}," + Template + "}}",
        "spec.replicas: Invalid value: -1: must be greater than or equal to 0")]
    public void Deployment_Validate(string name, string deployment, string expected)
    {
        _ = name;
        var errors = WorkloadValidation.Validate("Deployment", Json.Obj(deployment)).Select(e => e.ToString()).ToList();
        if (expected.Length == 0) Assert.Empty(errors);
        else Assert.Contains(expected, errors);
    }

    [Fact]
    public void Deployment_SelectorChange_IsImmutable()
    {
        var old = Json.Obj("{'spec':{'selector':{'matchLabels':{'app':'web'}}}}");
        var changed = Json.Obj("{'spec':{'selector':{'matchLabels':{'app':'other'}}}}");
        Assert.Single(WorkloadValidation.ValidateTransition("Deployment", changed, old));
        Assert.Empty(WorkloadValidation.ValidateTransition("Deployment", old, old));
    }

    [Fact]
    public void WorkloadDefaults_Deployment_AreUpstreams()
    {
        var deployment = Json.Obj("{'spec':{" + Template + "}}");
        WorkloadDefaults.Apply("Deployment", deployment);
        Assert.Equal(1, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("RollingUpdate", (string)deployment["spec"]!["strategy"]!["type"]!);
        Assert.Equal("25%", (string)deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxSurge"]!);
        Assert.Equal("25%", (string)deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]!);
        Assert.Equal(10, deployment["spec"]!["revisionHistoryLimit"]!.GetValue<int>());
        Assert.Equal(600, deployment["spec"]!["progressDeadlineSeconds"]!.GetValue<int>());
        Assert.Equal("Always", (string)deployment["spec"]!["template"]!["spec"]!["restartPolicy"]!);
    }
}
