using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.Kinds;

public sealed class OtherPrinterTests
{
    private const string M = "'metadata':{'name':'x','creationTimestamp':'2024-06-01T11:00:00Z'}";

    [Theory]
    [InlineData("namespace", "", "namespaces", "{" + M + ",'status':{'phase':'Terminating'}}", """["x","Terminating","60m"]""")]
    [InlineData("configmap counts data and binaryData", "", "configmaps", "{" + M + ",'data':{'a':'1','b':'2'},'binaryData':{'c':'AA=='}}", """["x",3,"60m"]""")]
    [InlineData("secret", "", "secrets", "{" + M + ",'type':'kubernetes.io/tls','data':{'tls.crt':'AA==','tls.key':'AA=='}}", """["x","kubernetes.io/tls",2,"60m"]""")]
    [InlineData("service account", "", "serviceaccounts", "{" + M + "}", """["x",0,"60m"]""")]
    [InlineData("endpoints capped at three", "", "endpoints",
        "{" + M + ",'subsets':[{'addresses':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'}],'ports':[{'port':80},{'port':443}]}]}",
        """["x","10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...","60m"]""")]
    [InlineData("endpoints without subsets", "", "endpoints", "{" + M + "}", """["x","<none>","60m"]""")]
    [InlineData("endpoint slice", "discovery.k8s.io", "endpointslices",
        "{" + M + ",'addressType':'IPv4','ports':[{'name':'http','port':80},{'name':'named'},{}],'endpoints':[{'addresses':['10.0.0.1']},{'addresses':['10.0.0.2','10.0.0.3','10.0.0.4']}]}",
        """["x","IPv4","80,named,*","10.0.0.1,10.0.0.2,10.0.0.3 + 1 more...","60m"]""")]
    [InlineData("endpoint slice empty", "discovery.k8s.io", "endpointslices", "{" + M + ",'addressType':'IPv4'}", """["x","IPv4","<unset>","<unset>","60m"]""")]
    [InlineData("bound persistent volume", "", "persistentvolumes",
        "{" + M + ",'spec':{'capacity':{'storage':'1024Mi'},'accessModes':['ReadWriteMany','ReadWriteOnce'],'persistentVolumeReclaimPolicy':'Retain','claimRef':{'namespace':'default','name':'data'},'storageClassName':'fast','volumeMode':'Filesystem'},'status':{'phase':'Bound'}}",
        """["x","1Gi","RWO,RWX","Retain","Bound","default/data","fast","<unset>","","60m","Filesystem"]""")]
    [InlineData("pending claim hides capacity", "", "persistentvolumeclaims",
        "{" + M + ",'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'5Gi'}},'storageClassName':'fast'},'status':{'phase':'Pending'}}",
        """["x","Pending","","","","fast","<unset>","60m","<unset>"]""")]
    [InlineData("bound claim", "", "persistentvolumeclaims",
        "{'metadata':{'name':'x','creationTimestamp':'2024-06-01T11:00:00Z','annotations':{'volume.beta.kubernetes.io/storage-class':'legacy'}},'spec':{'volumeName':'pv-1','volumeMode':'Block','storageClassName':'fast'},'status':{'phase':'Bound','capacity':{'storage':'5Gi'},'accessModes':['ReadWriteOncePod']}}",
        """["x","Bound","pv-1","5Gi","RWOP","legacy","<unset>","60m","Block"]""")]
    [InlineData("resource quota", "", "resourcequotas",
        "{" + M + ",'status':{'hard':{'pods':'10','limits.memory':'2Gi','requests.cpu':'2','limits.cpu':'4'},'used':{'pods':'3','requests.cpu':'500m','limits.cpu':'1'}}}",
        """["x","pods: 3/10, requests.cpu: 500m/2","limits.cpu: 1/4, limits.memory: 0/2Gi","60m"]""")]
    [InlineData("ingress", "networking.k8s.io", "ingresses",
        "{" + M + ",'spec':{'ingressClassName':'nginx','tls':[{'hosts':['a.example.com']}],'rules':[{'host':'a.example.com'},{},{'host':'b.example.com'},{'host':'c.example.com'},{'host':'d.example.com'}]},'status':{'loadBalancer':{'ingress':[{'ip':'192.168.49.2'}]}}}",
        """["x","nginx","a.example.com,b.example.com,c.example.com + 2 more...","192.168.49.2","80, 443","60m"]""")]
    [InlineData("ingress without hosts", "networking.k8s.io", "ingresses", "{" + M + ",'spec':{'defaultBackend':{}}}", """["x","<none>","*","","80","60m"]""")]
    [InlineData("ingress class", "networking.k8s.io", "ingressclasses",
        "{" + M + ",'spec':{'controller':'k8s.io/ingress-nginx','parameters':{'apiGroup':'k8s.example.com','kind':'IngressParameters','name':'p'}}}",
        """["x","k8s.io/ingress-nginx","IngressParameters.k8s.example.com/p","60m"]""")]
    [InlineData("network policy selecting all pods", "networking.k8s.io", "networkpolicies", "{" + M + ",'spec':{'podSelector':{}}}", """["x","<none>","60m"]""")]
    [InlineData("pod disruption budget", "policy", "poddisruptionbudgets",
        "{" + M + ",'spec':{'minAvailable':'50%'},'status':{'disruptionsAllowed':1}}", """["x","50%","N/A",1,"60m"]""")]
    [InlineData("priority class", "scheduling.k8s.io", "priorityclasses",
        "{" + M + ",'value':1000000,'globalDefault':true}", """["x",1000000,true,"60m","PreemptLowerPriority"]""")]
    [InlineData("runtime class", "node.k8s.io", "runtimeclasses", "{" + M + ",'handler':'runc'}", """["x","runc","60m"]""")]
    [InlineData("lease", "coordination.k8s.io", "leases", "{" + M + ",'spec':{'holderIdentity':'node-1'}}", """["x","node-1","60m"]""")]
    [InlineData("role binding", "rbac.authorization.k8s.io", "rolebindings",
        "{" + M + ",'roleRef':{'kind':'ClusterRole','name':'view'},'subjects':[{'kind':'User','name':'alice'},{'kind':'Group','name':'devs'},{'kind':'ServiceAccount','namespace':'ci','name':'bot'},{'kind':'User','name':'bob'}]}",
        """["x","ClusterRole/view","60m","alice, bob","devs","ci/bot"]""")]
    [InlineData("approved and issued csr", "certificates.k8s.io", "certificatesigningrequests",
        "{" + M + ",'spec':{'signerName':'kubernetes.io/kube-apiserver-client','username':'alice','expirationSeconds':86400},'status':{'conditions':[{'type':'Approved','status':'True'}],'certificate':'AA=='}}",
        """["x","60m","kubernetes.io/kube-apiserver-client","alice","24h","Approved,Issued"]""")]
    [InlineData("pending csr", "certificates.k8s.io", "certificatesigningrequests", "{" + M + ",'spec':{'username':'bob'}}", """["x","60m","<none>","bob","<none>","Pending"]""")]
    [InlineData("default storage class", "storage.k8s.io", "storageclasses",
        "{'metadata':{'name':'standard','creationTimestamp':'2024-06-01T11:00:00Z','annotations':{'storageclass.kubernetes.io/is-default-class':'true'}},'provisioner':'rancher.io/local-path','volumeBindingMode':'WaitForFirstConsumer'}",
        """["standard (default)","rancher.io/local-path","Delete","WaitForFirstConsumer",false,"60m"]""")]
    [InlineData("csi driver", "storage.k8s.io", "csidrivers",
        "{" + M + ",'spec':{'attachRequired':false,'podInfoOnMount':true,'volumeLifecycleModes':['Persistent','Ephemeral'],'tokenRequests':[{'audience':'vault'}]}}",
        """["x",false,true,false,"vault",false,"Persistent,Ephemeral","60m"]""")]
    [InlineData("csi node", "storage.k8s.io", "csinodes", "{" + M + ",'spec':{'drivers':[{'name':'a'},{'name':'b'}]}}", """["x",2,"60m"]""")]
    [InlineData("volume attachment", "storage.k8s.io", "volumeattachments",
        "{" + M + ",'spec':{'attacher':'csi.example.com','source':{'persistentVolumeName':'pv-1'},'nodeName':'node-1'},'status':{'attached':true}}",
        """["x","csi.example.com","pv-1","node-1",true,"60m"]""")]
    [InlineData("webhook configuration", "admissionregistration.k8s.io", "validatingwebhookconfigurations",
        "{" + M + ",'webhooks':[{'name':'a'},{'name':'b'}]}", """["x",2,"60m"]""")]
    public void Prints_row(string name, string group, string resource, string obj, string expected)
    {
        Assert.Equal(expected, Row(group, resource, J(obj)));
    }

    [Theory]
    [InlineData("roles", "rbac.authorization.k8s.io", "roles")]
    [InlineData("cluster roles", "rbac.authorization.k8s.io", "clusterroles")]
    [InlineData("limit ranges", "", "limitranges")]
    [InlineData("CRDs", "apiextensions.k8s.io", "customresourcedefinitions")]
    public void Kinds_without_upstream_printer_have_none(string name, string group, string resource)
    {
        Assert.Null(TableConvertors.For(group, resource));
    }
}
