using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.Kinds;

public sealed class EventPrinterTests
{
    [Theory]
    [InlineData("core event with counts", "",
        "{'apiVersion':'v1','metadata':{'name':'web.17a'},'involvedObject':{'kind':'Pod','name':'web','fieldPath':'spec.containers{app}'},'reason':'BackOff','message':'Back-off restarting failed container \\n','type':'Warning','source':{'component':'kubelet','host':'node-1'},'firstTimestamp':'2024-06-01T11:00:00Z','lastTimestamp':'2024-06-01T11:58:00Z','count':7}",
        """["2m","Warning","BackOff","pod/web","spec.containers{app}","kubelet, node-1","Back-off restarting failed container","60m",7,"web.17a"]""")]
    [InlineData("new-style event with eventTime only (sub-second truncates)", "",
        "{'metadata':{'name':'e2'},'involvedObject':{'kind':'Node'},'reason':'Starting','message':'Starting kubelet.','type':'Normal','reportingComponent':'kubelet','reportingInstance':'node-1','eventTime':'2024-06-01T11:59:15.123456Z'}",
        """["44s","Normal","Starting","node","","kubelet, node-1","Starting kubelet.","44s",1,"e2"]""")]
    [InlineData("series overrides last seen and count", "",
        "{'metadata':{'name':'e3'},'involvedObject':{'kind':'Deployment','name':'web'},'reason':'ScalingReplicaSet','message':'m','type':'Normal','source':{'component':'deployment-controller'},'eventTime':'2024-06-01T10:00:00.000000Z','series':{'count':4,'lastObservedTime':'2024-06-01T11:55:00.000000Z'}}",
        """["5m","Normal","ScalingReplicaSet","deployment/web","","deployment-controller","m","120m",4,"e3"]""")]
    [InlineData("no timestamps at all", "",
        "{'metadata':{'name':'e4'},'involvedObject':{'kind':'Pod','name':'p'},'reason':'R','message':'x','type':'Normal'}",
        """["<unknown>","Normal","R","pod/p","","","x","<unknown>",1,"e4"]""")]
    [InlineData("events.k8s.io shape", "events.k8s.io",
        "{'apiVersion':'events.k8s.io/v1','metadata':{'name':'e5'},'regarding':{'kind':'Pod','name':'web'},'reason':'Pulled','note':'Image pulled','type':'Normal','reportingController':'kubelet','reportingInstance':'node-2','eventTime':'2024-06-01T11:58:00.000000Z','deprecatedCount':3,'deprecatedFirstTimestamp':'2024-06-01T11:30:00Z','deprecatedLastTimestamp':'2024-06-01T11:59:00Z'}",
        """["60s","Normal","Pulled","pod/web","","kubelet, node-2","Image pulled","30m",3,"e5"]""")]
    public void Prints_event(string name, string group, string evt, string expected)
    {
        Assert.Equal(expected, Row(group, "events", J(evt)));
    }

    [Fact]
    public void Columns_match_upstream()
    {
        Assert.Equal(
            "Last Seen:string | Type:string | Reason:string | Object:string | Subobject:string* | Source:string* | Message:string | First Seen:string* | Count:string* | Name:string:name*",
            Columns(TableConvertors.For("", "events")!));
    }
}
