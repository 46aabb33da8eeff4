using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

/// <summary>The kinds that gained upstream's rules last: Endpoints, PodTemplate, ControllerRevision, RuntimeClass, storage, CSRs, webhooks.</summary>
public sealed class RemainingKindsValidationTests
{
    [Theory]
    [InlineData("valid", "[{'addresses':[{'ip':'10.0.0.5','hostname':'web-0','nodeName':'n1'}],'ports':[{'name':'http','port':80},{'name':'dns','port':53,'protocol':'UDP'}]}]", "")]
    [InlineData("loopback allowed", "[{'addresses':[{'ip':'127.0.0.1'}],'ports':[{'port':6443}]}]", "")]
    [InlineData("no addresses", "[{'ports':[{'port':80}]}]", "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`")]
    [InlineData("bad ip", "[{'addresses':[{'ip':'10.0.0'}]}]", "subsets[0].addresses[0].ip: Invalid value: \"10.0.0\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    [InlineData("unspecified ip", "[{'notReadyAddresses':[{'ip':'0.0.0.0'}]}]", "subsets[0].notReadyAddresses[0].ip: Invalid value: \"0.0.0.0\": may not be unspecified (0.0.0.0)")]
    [InlineData("link-local ip", "[{'addresses':[{'ip':'169.254.169.254'}]}]", "subsets[0].addresses[0].ip: Invalid value: \"169.254.169.254\": may not be in the link-local range (169.254.0.0/16, fe80::/10)")]
    [InlineData("unnamed port among several", "[{'addresses':[{'ip':'10.0.0.5'}],'ports':[{'port':80},{'name':'b','port':81}]}]", "subsets[0].ports[0].name: Required value")]
    [InlineData("port out of range", "[{'addresses':[{'ip':'10.0.0.5'}],'ports':[{'port':0}]}]", "subsets[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive")]
    [InlineData("protocol", "[{'addresses':[{'ip':'10.0.0.5'}],'ports':[{'port':80,'protocol':'ICMP'}]}]", "subsets[0].ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\"")]
    public void Endpoints(string name, string subsets, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.Endpoints, "{'metadata':{'name':'e','namespace':'ns'},'subsets':" + subsets + "}"));
    }

    [Theory]
    [InlineData("valid", "{'metadata':{'labels':{'app':'a'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}", "")]
    [InlineData("no containers", "{'spec':{}}", "template.spec.containers: Required value")]
    [InlineData("bad port", "{'spec':{'containers':[{'name':'c','image':'busybox','ports':[{'containerPort':-1}]}]}}", "template.spec.containers[0].ports[0].containerPort: Invalid value: -1: must be between 1 and 65535, inclusive")]
    [InlineData("bad label", "{'metadata':{'labels':{'app':'a b'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}", "template.metadata.labels: Invalid value: \"a b\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    [InlineData("ephemeral containers", "{'spec':{'containers':[{'name':'c','image':'busybox'}],'ephemeralContainers':[{'name':'e','image':'busybox'}]}}", "template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template")]
    public void PodTemplate(string name, string template, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.PodTemplate, "{'metadata':{'name':'t','namespace':'ns'},'template':" + template + "}"));
    }

    [Theory]
    [InlineData("valid", "'data':{'spec':{}},'revision':1", "")]
    [InlineData("no data", "'revision':1", "data: Required value: data is mandatory")]
    [InlineData("negative revision", "'data':{},'revision':-1", "revision: Invalid value: -1: must be greater than or equal to 0")]
    public void ControllerRevision(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.ControllerRevision, "{'metadata':{'name':'r','namespace':'ns'}," + fields + "}"));
    }

    [Fact]
    public void ControllerRevision_DataIsImmutable()
    {
        var errors = StrategyRun.Update(Strategies.ControllerRevision,
            "{'metadata':{'name':'r','namespace':'ns'},'data':{'a':1},'revision':1}", "{'metadata':{'name':'r','namespace':'ns'},'data':{'a':2},'revision':1}");

        Assert.Equal(["data: Invalid value: {\"a\":2}: field is immutable"], errors);
    }

    [Theory]
    [InlineData("valid", "'handler':'runc','overhead':{'podFixed':{'memory':'64Mi'}},'scheduling':{'nodeSelector':{'runtime':'runc'},'tolerations':[{'key':'k','operator':'Exists'}]}", "")]
    [InlineData("handler", "'handler':'Run_C'", "handler: Invalid value: \"Run_C\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("overhead", "'handler':'runc','overhead':{'podFixed':{'memory':'-1'}}", "overhead.limits[memory]: Invalid value: \"-1\": must be greater than or equal to 0")]
    [InlineData("duplicate toleration", "'handler':'runc','scheduling':{'tolerations':[{'key':'k','operator':'Exists'},{'key':'k','operator':'Exists'}]}", "scheduling.tolerations[1]: Duplicate value: {\"key\":\"k\",\"operator\":\"Exists\"}")]
    public void RuntimeClass(string name, string fields, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.RuntimeClass, "{'metadata':{'name':'rc'}," + fields + "}"));
    }

    [Fact]
    public void RuntimeClass_HandlerIsImmutable() =>
        Assert.Equal(["handler: Invalid value: \"crun\": field is immutable"],
            StrategyRun.Update(Strategies.RuntimeClass, "{'metadata':{'name':'rc'},'handler':'runc'}", "{'metadata':{'name':'rc'},'handler':'crun'}"));

    [Theory]
    [InlineData("valid", "csi.example.com", "'tokenRequests':[{'audience':'a','expirationSeconds':3600}]", "")]
    [InlineData("lifecycle mode", "csi.example.com", "'volumeLifecycleModes':['Forever']", "spec.volumeLifecycleModes[0]: Unsupported value: \"Forever\": supported values: \"Persistent\", \"Ephemeral\"")]
    [InlineData("fsGroup policy", "csi.example.com", "'fsGroupPolicy':'Any'", "spec.fsGroupPolicy: Unsupported value: \"Any\": supported values: \"File\", \"None\", \"ReadWriteOnceWithFSType\"")]
    [InlineData("duplicate audience", "csi.example.com", "'tokenRequests':[{'audience':'a'},{'audience':'a'}]", "spec.tokenRequests[1].audience: Duplicate value: \"a\"")]
    [InlineData("short token", "csi.example.com", "'tokenRequests':[{'audience':'a','expirationSeconds':60}]", "spec.tokenRequests[0].expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes")]
    [InlineData("long name", "csi.a-very-long-driver-name-that-goes-on-and-on-and-on.example.com", "", "name: Too long: may not be more than 63 bytes")]
    public void CsiDriver(string name, string driver, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.CsiDriver, "{'metadata':{'name':'" + driver + "'},'spec':{" + spec + "}}"));
    }

    [Fact]
    public void CsiDriver_AttachRequiredIsImmutable() =>
        Assert.Equal(["spec.attachRequired: Invalid value: false: field is immutable"],
            StrategyRun.Update(Strategies.CsiDriver, "{'metadata':{'name':'csi.example.com'},'spec':{}}", "{'metadata':{'name':'csi.example.com'},'spec':{'attachRequired':false}}"));

    [Theory]
    [InlineData("valid", "[{'name':'csi.example.com','nodeID':'n1','topologyKeys':['topology.example.com/zone'],'allocatable':{'count':10}}]", "")]
    [InlineData("no node id", "[{'name':'csi.example.com'}]", "spec.drivers[0].nodeID: Required value")]
    [InlineData("duplicate driver", "[{'name':'csi.example.com','nodeID':'a'},{'name':'csi.example.com','nodeID':'b'}]", "spec.drivers[1].name: Duplicate value: \"csi.example.com\"")]
    [InlineData("negative count", "[{'name':'csi.example.com','nodeID':'a','allocatable':{'count':-1}}]", "spec.drivers[0].allocatable.count: Invalid value: -1: must be greater than or equal to 0")]
    public void CsiNode(string name, string drivers, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.CsiNode, "{'metadata':{'name':'n1'},'spec':{'drivers':" + drivers + "}}"));
    }

    [Theory]
    [InlineData("valid", "'attacher':'csi.example.com','source':{'persistentVolumeName':'pv'},'nodeName':'n1'", "")]
    [InlineData("no source", "'attacher':'csi.example.com','source':{},'nodeName':'n1'", "spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName")]
    [InlineData("both sources", "'attacher':'csi.example.com','source':{'persistentVolumeName':'pv','inlineVolumeSpec':{}},'nodeName':'n1'", "spec.source: Forbidden: must specify exactly one of inlineVolumeSpec and persistentVolumeName")]
    [InlineData("no node", "'attacher':'csi.example.com','source':{'persistentVolumeName':'pv'}", "spec.nodeName: Required value")]
    [InlineData("no attacher", "'source':{'persistentVolumeName':'pv'},'nodeName':'n1'", "spec.attacher: Required value")]
    public void VolumeAttachment(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.VolumeAttachment, "{'metadata':{'name':'va'},'spec':{" + spec + "}}"));
    }

    [Theory]
    [InlineData("not PEM", "'request':'aGVsbG8=','signerName':'example.com/signer','usages':['client auth']", "spec.request: Invalid value: []byte{0x68, 0x65, 0x6c, 0x6c, 0x6f}: PEM block type must be CERTIFICATE REQUEST")]
    [InlineData("no usages", "'request':'aGVsbG8=','signerName':'example.com/signer'", "spec.usages: Required value")]
    [InlineData("unknown usage", "'request':'aGVsbG8=','signerName':'example.com/signer','usages':['everything']", "spec.usages[0]: Unsupported value: \"everything\": supported values: \"any\", \"cert sign\", \"client auth\", \"code signing\", \"content commitment\", \"crl sign\", \"data encipherment\", \"decipher only\", \"digital signature\", \"email protection\", \"encipher only\", \"ipsec end system\", \"ipsec tunnel\", \"ipsec user\", \"key agreement\", \"key encipherment\", \"microsoft sgc\", \"netscape sgc\", \"ocsp signing\", \"s/mime\", \"server auth\", \"signing\", \"timestamping\"")]
    [InlineData("signer without path", "'request':'aGVsbG8=','signerName':'example.com','usages':['client auth']", "spec.signerName: Invalid value: \"example.com\": must be a fully qualified domain and path of the form 'example.com/signer-name'")]
    [InlineData("signer domain of one label", "'request':'aGVsbG8=','signerName':'local/signer','usages':['client auth']", "spec.signerName: Invalid value: \"local\": should be a domain with at least two segments separated by dots")]
    [InlineData("short expiry", "'request':'aGVsbG8=','signerName':'example.com/signer','usages':['client auth'],'expirationSeconds':60", "spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 600 seconds (10 minutes)")]
    public void CertificateSigningRequest(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.CertificateSigningRequest, "{'metadata':{'name':'csr'},'spec':{" + spec + "}}"));
    }

    [Fact]
    public void CertificateSigningRequest_ValidRequest_Passes()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=jane", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var pem = Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(request.CreateSigningRequestPem()));

        var errors = StrategyRun.Create(Strategies.CertificateSigningRequest,
            "{'metadata':{'name':'csr'},'spec':{'request':'" + pem + "','signerName':'kubernetes.io/kube-apiserver-client','usages':['client auth']}}");

        Assert.Empty(errors);
    }

    private const string Hook = "{'name':'check.example.com','clientConfig':{'service':{'namespace':'ns','name':'svc'}},'sideEffects':'None','admissionReviewVersions':['v1'],'rules':[{'operations':['CREATE'],'apiGroups':[''],'apiVersions':['v1'],'resources':['pods']}]}";

    /// <summary>A valid webhook with the fields of <paramref name="changes"/> replaced.</summary>
    private static string Webhook(string changes)
    {
        var hook = Json.Obj(Hook);
        foreach (var (key, value) in Json.Obj(changes)) hook[key] = value?.DeepClone();
        return hook.ToJsonString().Replace('"', '\'');
    }

    [Theory]
    [InlineData("valid", "{}", "")]
    [InlineData("short name", "{'name':'check'}", "webhooks[0].name: Invalid value: \"check\": should be a domain with at least three segments separated by dots")]
    [InlineData("no side effects", "{'sideEffects':null}", "webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun")]
    [InlineData("unknown side effects", "{'sideEffects':'Some'}", "webhooks[0].sideEffects: Unsupported value: \"Some\": supported values: \"None\", \"NoneOnDryRun\"")]
    [InlineData("no review versions", "{'admissionReviewVersions':[]}", "webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1")]
    [InlineData("timeout", "{'timeoutSeconds':60}", "webhooks[0].timeoutSeconds: Invalid value: 60: the timeout value must be between 1 and 30 seconds")]
    [InlineData("url and service", "{'clientConfig':{'url':'https://a.example.com/x','service':{'namespace':'ns','name':'svc'}}}", "webhooks[0].clientConfig: Required value: exactly one of url or service is required")]
    [InlineData("http url", "{'clientConfig':{'url':'http://a.example.com/x'}}", "webhooks[0].clientConfig.url: Invalid value: \"http://a.example.com/x\": 'https' is the only allowed URL scheme")]
    [InlineData("rule without operations", "{'rules':[{'apiGroups':[''],'apiVersions':['v1'],'resources':['pods']}]}", "webhooks[0].rules[0].operations: Required value")]
    public void ValidatingWebhookConfiguration(string name, string changes, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.ValidatingWebhookConfiguration, "{'metadata':{'name':'w'},'webhooks':[" + Webhook(changes) + "]}"));
    }

    [Fact]
    public void MutatingWebhookConfiguration_ReinvocationPolicy() =>
        StrategyRun.Expect("webhooks[0].reinvocationPolicy: Unsupported value: \"Always\": supported values: \"IfNeeded\", \"Never\"",
            StrategyRun.Create(Strategies.MutatingWebhookConfiguration, "{'metadata':{'name':'w'},'webhooks':[" + Webhook("{'reinvocationPolicy':'Always'}") + "]}"));
}
