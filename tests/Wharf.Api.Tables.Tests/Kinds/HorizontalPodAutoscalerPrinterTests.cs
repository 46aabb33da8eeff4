using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.Kinds;

public sealed class HorizontalPodAutoscalerPrinterTests
{
    private const string Meta = "'metadata':{'name':'web','creationTimestamp':'2024-06-01T11:00:00Z'}";
    private const string Ref = "'scaleTargetRef':{'apiVersion':'apps/v1','kind':'Deployment','name':'web'}";

    [Theory]
    [InlineData("v2 cpu utilization observed",
        "{" + Meta + ",'spec':{" + Ref + ",'minReplicas':2,'maxReplicas':10,'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':80}}}]},'status':{'currentReplicas':3,'currentMetrics':[{'type':'Resource','resource':{'name':'cpu','current':{'averageUtilization':45,'averageValue':'120m'}}}]}}",
        """["web","Deployment/web","cpu: 45%/80%","2",10,3,"60m"]""")]
    [InlineData("v2 not yet observed",
        "{" + Meta + ",'spec':{" + Ref + ",'minReplicas':1,'maxReplicas':5,'metrics':[{'type':'Resource','resource':{'name':'cpu','target':{'type':'Utilization','averageUtilization':50}}}]}}",
        """["web","Deployment/web","cpu: <unknown>/50%","1",5,0,"60m"]""")]
    [InlineData("v2 average value, pods, object and more",
        "{" + Meta + ",'spec':{" + Ref + ",'maxReplicas':4,'metrics':["
        + "{'type':'Resource','resource':{'name':'memory','target':{'type':'AverageValue','averageValue':'1024Mi'}}},"
        + "{'type':'Pods','pods':{'metric':{'name':'qps'},'target':{'type':'AverageValue','averageValue':'10'}}},"
        + "{'type':'Object','object':{'metric':{'name':'rps'},'target':{'type':'Value','value':'2k'}}}]},"
        + "'status':{'currentReplicas':2,'currentMetrics':[{'type':'Resource','resource':{'name':'memory','current':{'averageValue':'512Mi'}}},{'type':'Pods','pods':{'current':{'averageValue':'1500m'}}}]}}",
        """["web","Deployment/web","memory: 512Mi/1Gi, 1500m/10 + 1 more...","1",4,2,"60m"]""")]
    [InlineData("v2 external average and container resource",
        "{" + Meta + ",'spec':{" + Ref + ",'maxReplicas':4,'metrics':["
        + "{'type':'External','external':{'metric':{'name':'queue'},'target':{'type':'AverageValue','averageValue':'30'}}},"
        + "{'type':'ContainerResource','containerResource':{'name':'cpu','container':'app','target':{'type':'Utilization'}}}]}}",
        """["web","Deployment/web","<unknown>/30 (avg), cpu: <unknown>/<auto>","1",4,0,"60m"]""")]
    [InlineData("v1 target cpu percentage",
        "{" + Meta + ",'spec':{" + Ref + ",'minReplicas':1,'maxReplicas':3,'targetCPUUtilizationPercentage':70},'status':{'currentReplicas':1,'currentCPUUtilizationPercentage':12}}",
        """["web","Deployment/web","cpu: 12%/70%","1",3,1,"60m"]""")]
    [InlineData("no metrics defaults to 80% cpu",
        "{" + Meta + ",'spec':{" + Ref + ",'maxReplicas':3}}",
        """["web","Deployment/web","cpu: <unknown>/80%","1",3,0,"60m"]""")]
    public void Prints_targets(string name, string hpa, string expected)
    {
        Assert.Equal(expected, Row("autoscaling", "horizontalpodautoscalers", J(hpa)));
    }

    [Fact]
    public void Columns_match_upstream()
    {
        Assert.Equal(
            "Name:string:name | Reference:string | Targets:string | MinPods:string | MaxPods:string | Replicas:string | Age:string",
            Columns(TableConvertors.For("autoscaling", "horizontalpodautoscalers")!));
    }
}
