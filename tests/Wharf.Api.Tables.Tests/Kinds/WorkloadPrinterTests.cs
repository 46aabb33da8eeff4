using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.Kinds;

public sealed class WorkloadPrinterTests
{
    private const string Meta = "'metadata':{'name':'web','creationTimestamp':'2024-06-01T11:57:00Z'}";
    private const string Template = "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'nodeSelector':{'disk':'ssd'},'containers':[{'name':'nginx','image':'nginx:1.27'},{'name':'log','image':'busybox'}]}}";
    private const string Selector = "'selector':{'matchLabels':{'app':'web'},'matchExpressions':[{'key':'tier','operator':'In','values':['fe','be']},{'key':'canary','operator':'DoesNotExist'}]}";

    [Theory]
    [InlineData("deployment", "apps", "deployments",
        "{" + Meta + ",'spec':{'replicas':3," + Selector + "," + Template + "},'status':{'replicas':3,'readyReplicas':2,'updatedReplicas':3,'availableReplicas':2}}",
        """["web","2/3",3,2,"3m","nginx,log","nginx:1.27,busybox","app=web,!canary,tier in (be,fe)"]""")]
    [InlineData("deployment defaults to one replica and empty status", "apps", "deployments",
        "{" + Meta + ",'spec':{'selector':{'matchLabels':{'app':'web'}}," + Template + "}}",
        """["web","0/1",0,0,"3m","nginx,log","nginx:1.27,busybox","app=web"]""")]
    [InlineData("replica set", "apps", "replicasets",
        "{" + Meta + ",'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web','pod-template-hash':'5d'}}," + Template + "},'status':{'replicas':2,'readyReplicas':1}}",
        """["web",2,2,1,"3m","nginx,log","nginx:1.27,busybox","app=web,pod-template-hash=5d"]""")]
    [InlineData("stateful set", "apps", "statefulsets",
        "{" + Meta + ",'spec':{'replicas':3," + Template + "},'status':{'readyReplicas':3}}",
        """["web","3/3","3m","nginx,log","nginx:1.27,busybox"]""")]
    [InlineData("daemon set", "apps", "daemonsets",
        "{" + Meta + ",'spec':{'selector':{'matchLabels':{'app':'web'}}," + Template + "},'status':{'desiredNumberScheduled':3,'currentNumberScheduled':3,'numberReady':2,'updatedNumberScheduled':3,'numberAvailable':2}}",
        """["web",3,3,2,3,2,"disk=ssd","3m","nginx,log","nginx:1.27,busybox","app=web"]""")]
    [InlineData("replication controller", "", "replicationcontrollers",
        "{" + Meta + ",'spec':{'replicas':2,'selector':{'app':'web'}," + Template + "},'status':{'replicas':2,'readyReplicas':2}}",
        """["web",2,2,2,"3m","nginx,log","nginx:1.27,busybox","app=web"]""")]
    [InlineData("pod template", "", "podtemplates",
        "{" + Meta + "," + Template + "}",
        """["web","nginx,log","nginx:1.27,busybox","app=web"]""")]
    [InlineData("controller revision", "apps", "controllerrevisions",
        "{'metadata':{'name':'web-5d','creationTimestamp':'2024-06-01T11:57:00Z','ownerReferences':[{'apiVersion':'apps/v1','kind':'StatefulSet','name':'web','controller':true}]},'revision':4}",
        """["web-5d","statefulset.apps/web",4,"3m"]""")]
    public void Prints_workload(string name, string group, string resource, string obj, string expected)
    {
        Assert.Equal(expected, Row(group, resource, J(obj)));
    }

    [Theory]
    [InlineData("deployment", "apps", "deployments",
        "Name:string:name | Ready:string | Up-to-date:string | Available:string | Age:string | Containers:string* | Images:string* | Selector:string*")]
    [InlineData("replica set", "apps", "replicasets",
        "Name:string:name | Desired:integer | Current:integer | Ready:integer | Age:string | Containers:string* | Images:string* | Selector:string*")]
    [InlineData("stateful set", "apps", "statefulsets",
        "Name:string:name | Ready:string | Age:string | Containers:string* | Images:string*")]
    [InlineData("daemon set", "apps", "daemonsets",
        "Name:string:name | Desired:integer | Current:integer | Ready:integer | Up-to-date:integer | Available:integer | Node Selector:string | Age:string | Containers:string* | Images:string* | Selector:string*")]
    [InlineData("job", "batch", "jobs",
        "Name:string:name | Status:string | Completions:string | Duration:string | Age:string | Containers:string* | Images:string* | Selector:string*")]
    [InlineData("cron job", "batch", "cronjobs",
        "Name:string:name | Schedule:string | Timezone:string | Suspend:boolean | Active:integer | Last Schedule:string | Age:string | Containers:string* | Images:string* | Selector:string*")]
    public void Columns_match_upstream(string name, string group, string resource, string expected)
    {
        Assert.Equal(expected, Columns(TableConvertors.For(group, resource)!));
    }
}
