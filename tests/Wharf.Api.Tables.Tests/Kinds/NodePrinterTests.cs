using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.Kinds;

public sealed class NodePrinterTests
{
    private const string Info = "'nodeInfo':{'kubeletVersion':'v1.32.0','osImage':'Debian GNU/Linux 12','kernelVersion':'6.1.0','containerRuntimeVersion':'wharf://0.1.0'}";

    [Theory]
    [InlineData("ready control plane",
        "{'metadata':{'name':'n1','creationTimestamp':'2024-05-30T12:00:00Z','labels':{'node-role.kubernetes.io/control-plane':'','node-role.kubernetes.io/master':'','kubernetes.io/role':'etcd'}},'status':{'conditions':[{'type':'MemoryPressure','status':'False'},{'type':'Ready','status':'True'}],'addresses':[{'type':'InternalIP','address':'192.168.1.10'},{'type':'Hostname','address':'n1'}]," + Info + "}}",
        """["n1","Ready","control-plane,etcd,master","2d","v1.32.0","192.168.1.10","<none>","Debian GNU/Linux 12","6.1.0","wharf://0.1.0"]""")]
    [InlineData("cordoned and not ready",
        "{'metadata':{'name':'n2','creationTimestamp':'2024-06-01T09:00:00Z'},'spec':{'unschedulable':true},'status':{'conditions':[{'type':'Ready','status':'False'}],'addresses':[{'type':'ExternalIP','address':'203.0.113.5'}]," + Info + "}}",
        """["n2","NotReady,SchedulingDisabled","<none>","3h","v1.32.0","<none>","203.0.113.5","Debian GNU/Linux 12","6.1.0","wharf://0.1.0"]""")]
    [InlineData("no conditions yet",
        "{'metadata':{'name':'n3','creationTimestamp':'2024-06-01T11:59:30Z','labels':{'kubernetes.io/role':''}},'spec':{'unschedulable':true}}",
        """["n3","Unknown,SchedulingDisabled","<none>","30s","","<none>","<none>","<unknown>","<unknown>","<unknown>"]""")]
    [InlineData("ready unknown status",
        "{'metadata':{'name':'n4','creationTimestamp':'2024-06-01T11:59:30Z','labels':{'node-role.kubernetes.io/':'x','node-role.kubernetes.io/worker':'true'}},'status':{'conditions':[{'type':'Ready','status':'Unknown'}]}}",
        """["n4","NotReady","worker","30s","","<none>","<none>","<unknown>","<unknown>","<unknown>"]""")]
    public void Prints_node(string name, string node, string expected)
    {
        Assert.Equal(expected, Row("", "nodes", J(node)));
    }

    [Fact]
    public void Columns_match_upstream()
    {
        Assert.Equal(
            "Name:string:name | Status:string | Roles:string | Age:string | Version:string | Internal-IP:string* | External-IP:string* | OS-Image:string* | Kernel-Version:string* | Container-Runtime:string*",
            Columns(TableConvertors.For("", "nodes")!));
    }
}
