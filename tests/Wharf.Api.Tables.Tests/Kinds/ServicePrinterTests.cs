using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.Kinds;

public sealed class ServicePrinterTests
{
    private const string Meta = "'metadata':{'name':'web','creationTimestamp':'2024-06-01T11:00:00Z'}";

    [Theory]
    [InlineData("cluster ip",
        "{" + Meta + ",'spec':{'type':'ClusterIP','clusterIP':'10.96.0.10','ports':[{'port':80,'protocol':'TCP'},{'port':53,'protocol':'UDP'}],'selector':{'app':'web','tier':'fe'}}}",
        """["web","ClusterIP","10.96.0.10","<none>","80/TCP,53/UDP","60m","app=web,tier=fe"]""")]
    [InlineData("defaults: type ClusterIP, protocol TCP, no selector",
        "{" + Meta + ",'spec':{'clusterIPs':['10.96.0.11'],'ports':[{'port':8080}]}}",
        """["web","ClusterIP","10.96.0.11","<none>","8080/TCP","60m","<none>"]""")]
    [InlineData("headless without ports",
        "{" + Meta + ",'spec':{'type':'ClusterIP','clusterIP':'None'}}",
        """["web","ClusterIP","None","<none>","<none>","60m","<none>"]""")]
    [InlineData("external IPs on cluster ip",
        "{" + Meta + ",'spec':{'type':'ClusterIP','clusterIP':'10.96.0.12','externalIPs':['1.2.3.4','5.6.7.8'],'ports':[{'port':80,'protocol':'TCP'}]}}",
        """["web","ClusterIP","10.96.0.12","1.2.3.4,5.6.7.8","80/TCP","60m","<none>"]""")]
    [InlineData("node port",
        "{" + Meta + ",'spec':{'type':'NodePort','clusterIP':'10.96.0.13','ports':[{'port':80,'nodePort':30080,'protocol':'TCP'},{'port':443,'nodePort':31000,'protocol':'TCP'}]}}",
        """["web","NodePort","10.96.0.13","<none>","80:30080/TCP,443:31000/TCP","60m","<none>"]""")]
    [InlineData("load balancer pending",
        "{" + Meta + ",'spec':{'type':'LoadBalancer','clusterIP':'10.96.0.14','ports':[{'port':80,'nodePort':30080,'protocol':'TCP'}]}}",
        """["web","LoadBalancer","10.96.0.14","<pending>","80:30080/TCP","60m","<none>"]""")]
    [InlineData("load balancer ingress sorted and not clipped",
        "{" + Meta + ",'spec':{'type':'LoadBalancer','clusterIP':'10.96.0.15','ports':[]},'status':{'loadBalancer':{'ingress':[{'ip':'203.0.113.20'},{'hostname':'lb.example.com'},{'ip':'203.0.113.10'}]}}}",
        """["web","LoadBalancer","10.96.0.15","203.0.113.10,203.0.113.20,lb.example.com","<none>","60m","<none>"]""")]
    [InlineData("load balancer ingress then external IPs",
        "{" + Meta + ",'spec':{'type':'LoadBalancer','clusterIP':'10.96.0.16','externalIPs':['9.9.9.9']},'status':{'loadBalancer':{'ingress':[{'ip':'203.0.113.10'}]}}}",
        """["web","LoadBalancer","10.96.0.16","203.0.113.10,9.9.9.9","<none>","60m","<none>"]""")]
    [InlineData("external name",
        "{" + Meta + ",'spec':{'type':'ExternalName','externalName':'db.example.com'}}",
        """["web","ExternalName","<none>","db.example.com","<none>","60m","<none>"]""")]
    public void Prints_service(string name, string service, string expected)
    {
        Assert.Equal(expected, Row("", "services", J(service)));
    }

    [Fact]
    public void Columns_match_upstream()
    {
        Assert.Equal(
            "Name:string:name | Type:string | Cluster-IP:string | External-IP:string | Port(s):string | Age:string | Selector:string*",
            Columns(TableConvertors.For("", "services")!));
    }
}
