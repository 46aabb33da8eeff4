using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

/// <summary>
/// The PodSpec rules added after the first round: container resize policies, dynamic resource claims, the OS-specific
/// fields, user namespaces with host namespaces, and the legacy seccomp/AppArmor annotations. Each case is a pod whose
/// single container is <c>c</c>/<c>busybox</c> unless it says otherwise, with the exact line kubectl prints.
/// </summary>
public sealed class PodSpecGapValidationTests
{
    private const string C = "'name':'c','image':'busybox'";

    private static List<string> Pod(string spec, string annotations = "{}") =>
        StrategyRun.Create(Strategies.Pod, "{'metadata':{'name':'p','namespace':'ns','annotations':" + annotations + "},'spec':{" + spec + "}}");

    private static List<string> Template(string spec) =>
        StrategyRun.Create(Strategies.Deployment, "{'metadata':{'name':'d','namespace':'ns'},'spec':{'selector':{'matchLabels':{'a':'b'}},'template':{'metadata':{'labels':{'a':'b'}},'spec':{" + spec + "}}}}");

    [Theory]
    [InlineData("valid", "'containers':[{" + C + ",'resizePolicy':[{'resourceName':'cpu','restartPolicy':'NotRequired'},{'resourceName':'memory','restartPolicy':'RestartContainer'}]}]", "")]
    [InlineData("unknown resource", "'containers':[{" + C + ",'resizePolicy':[{'resourceName':'gpu','restartPolicy':'NotRequired'}]}]", "spec.containers[0].resizePolicy: Unsupported value: \"gpu\": supported values: \"cpu\", \"memory\"")]
    [InlineData("no resource", "'containers':[{" + C + ",'resizePolicy':[{'restartPolicy':'NotRequired'}]}]", "spec.containers[0].resizePolicy: Required value")]
    [InlineData("unknown policy", "'containers':[{" + C + ",'resizePolicy':[{'resourceName':'cpu','restartPolicy':'Sometimes'}]}]", "spec.containers[0].resizePolicy: Unsupported value: \"Sometimes\": supported values: \"NotRequired\", \"RestartContainer\"")]
    [InlineData("resource twice", "'containers':[{" + C + ",'resizePolicy':[{'resourceName':'cpu','restartPolicy':'NotRequired'},{'resourceName':'cpu','restartPolicy':'NotRequired'}]}]", "spec.containers[0].resizePolicy[1]: Duplicate value: \"cpu\"")]
    [InlineData("restart in a never-restarting pod", "'restartPolicy':'Never','containers':[{" + C + ",'resizePolicy':[{'resourceName':'memory','restartPolicy':'RestartContainer'}]}]", "spec.containers[0].resizePolicy: Invalid value: \"RestartContainer\": must be 'NotRequired' when `restartPolicy` is 'Never'")]
    [InlineData("init container too", "'initContainers':[{'name':'i','image':'busybox','resizePolicy':[{'resourceName':'disk','restartPolicy':'NotRequired'}]}],'containers':[{" + C + "}]", "spec.initContainers[0].resizePolicy: Unsupported value: \"disk\": supported values: \"cpu\", \"memory\"")]
    public void ResizePolicy(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod(spec));
    }

    [Theory]
    [InlineData("valid", "'resourceClaims':[{'name':'gpu','resourceClaimName':'my-gpu'},{'name':'tpl','resourceClaimTemplateName':'gpu-template'}],'containers':[{" + C + ",'resources':{'claims':[{'name':'gpu'},{'name':'tpl','request':'one'}]}}]", "")]
    [InlineData("claim without name", "'resourceClaims':[{'resourceClaimName':'x'}],'containers':[{" + C + "}]", "spec.resourceClaims[0].name: Required value")]
    [InlineData("claim name not a label", "'resourceClaims':[{'name':'GPU','resourceClaimName':'x'}],'containers':[{" + C + "}]", "spec.resourceClaims[0].name: Invalid value: \"GPU\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    [InlineData("claim twice", "'resourceClaims':[{'name':'a','resourceClaimName':'x'},{'name':'a','resourceClaimName':'y'}],'containers':[{" + C + "}]", "spec.resourceClaims[1].name: Duplicate value: \"a\"")]
    [InlineData("neither source", "'resourceClaims':[{'name':'a'}],'containers':[{" + C + "}]", "spec.resourceClaims[0]: Invalid value: {\"name\":\"a\"}: must specify one of: `resourceClaimName`, `resourceClaimTemplateName`")]
    [InlineData("both sources", "'resourceClaims':[{'name':'a','resourceClaimName':'x','resourceClaimTemplateName':'y'}],'containers':[{" + C + "}]", "spec.resourceClaims[0]: Invalid value: {\"name\":\"a\",\"resourceClaimName\":\"x\",\"resourceClaimTemplateName\":\"y\"}: at most one of `resourceClaimName` or `resourceClaimTemplateName` may be specified")]
    [InlineData("claim name not a subdomain", "'resourceClaims':[{'name':'a','resourceClaimName':'X_1'}],'containers':[{" + C + "}]", "spec.resourceClaims[0].resourceClaimName: Invalid value: \"X_1\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("reference without pod claims", "'containers':[{" + C + ",'resources':{'claims':[{'name':'gpu'}]}}]", "spec.containers[0].resources.claims[0]: Not found: \"gpu\": must be one of the names in pod.spec.resourceClaims which is empty")]
    [InlineData("unknown reference", "'resourceClaims':[{'name':'b','resourceClaimName':'x'},{'name':'a','resourceClaimName':'y'}],'containers':[{" + C + ",'resources':{'claims':[{'name':'gpu'}]}}]", "spec.containers[0].resources.claims[0]: Not found: \"gpu\": must be one of the names in pod.spec.resourceClaims: a, b")]
    [InlineData("reference without name", "'resourceClaims':[{'name':'a','resourceClaimName':'x'}],'containers':[{" + C + ",'resources':{'claims':[{}]}}]", "spec.containers[0].resources.claims[0]: Required value")]
    [InlineData("reference twice", "'resourceClaims':[{'name':'a','resourceClaimName':'x'}],'containers':[{" + C + ",'resources':{'claims':[{'name':'a'},{'name':'a'}]}}]", "spec.containers[0].resources.claims[1]: Duplicate value: \"a\"")]
    [InlineData("request twice", "'resourceClaims':[{'name':'a','resourceClaimName':'x'}],'containers':[{" + C + ",'resources':{'claims':[{'name':'a','request':'r'},{'name':'a','request':'r'}]}}]", "spec.containers[0].resources.claims[1]: Duplicate value: \"a/r\"")]
    [InlineData("whole claim after a request", "'resourceClaims':[{'name':'a','resourceClaimName':'x'}],'containers':[{" + C + ",'resources':{'claims':[{'name':'a','request':'r'},{'name':'a'}]}}]", "spec.containers[0].resources.claims[1]: Duplicate value: \"a\"")]
    [InlineData("bad request name", "'resourceClaims':[{'name':'a','resourceClaimName':'x'}],'containers':[{" + C + ",'resources':{'claims':[{'name':'a','request':'R'}]}}]", "spec.containers[0].resources.claims[0].request: Invalid value: \"R\": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')")]
    public void ResourceClaims(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod(spec));
    }

    [Theory]
    [InlineData("linux pod with linux fields", "'os':{'name':'linux'},'hostPID':true,'securityContext':{'runAsUser':1000,'seccompProfile':{'type':'RuntimeDefault'}},'containers':[{" + C + ",'securityContext':{'privileged':true}}]", "")]
    [InlineData("windows pod with windows fields", "'os':{'name':'windows'},'securityContext':{'windowsOptions':{'runAsUserName':'ContainerUser'}},'containers':[{" + C + ",'securityContext':{'windowsOptions':{'runAsUserName':'ContainerUser'}}}]", "")]
    [InlineData("linux pod windows options", "'os':{'name':'linux'},'securityContext':{'windowsOptions':{'runAsUserName':'u'}},'containers':[{" + C + "}]", "spec.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod")]
    [InlineData("linux container windows options", "'os':{'name':'linux'},'containers':[{" + C + ",'securityContext':{'windowsOptions':{'runAsUserName':'u'}}}]", "spec.containers[0].securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod")]
    [InlineData("windows pod runAsUser", "'os':{'name':'windows'},'securityContext':{'runAsUser':1000},'containers':[{" + C + "}]", "spec.securityContext.runAsUser: Forbidden: cannot be set for a windows pod")]
    [InlineData("windows pod hostPID", "'os':{'name':'windows'},'hostPID':true,'containers':[{" + C + "}]", "spec.hostPID: Forbidden: cannot be set for a windows pod")]
    [InlineData("windows pod hostUsers", "'os':{'name':'windows'},'hostUsers':true,'containers':[{" + C + "}]", "spec.hostUsers: Forbidden: cannot be set for a windows pod")]
    [InlineData("windows pod shareProcessNamespace", "'os':{'name':'windows'},'shareProcessNamespace':false,'containers':[{" + C + "}]", "spec.shareProcessNamespace: Forbidden: cannot be set for a windows pod")]
    [InlineData("windows pod sysctls", "'os':{'name':'windows'},'securityContext':{'sysctls':[{'name':'net.ipv4.ip_forward','value':'1'}]},'containers':[{" + C + "}]", "spec.securityContext.sysctls: Forbidden: cannot be set for a windows pod")]
    [InlineData("windows init container privileged", "'os':{'name':'windows'},'initContainers':[{'name':'i','image':'busybox','securityContext':{'privileged':false}}],'containers':[{" + C + "}]", "spec.initContainers[0].securityContext.privileged: Forbidden: cannot be set for a windows pod")]
    [InlineData("windows container capabilities", "'os':{'name':'windows'},'containers':[{" + C + ",'securityContext':{'capabilities':{}}}]", "spec.containers[0].securityContext.capabilities: Forbidden: cannot be set for a windows pod")]
    [InlineData("unknown os checks only the name", "'os':{'name':'plan9'},'securityContext':{'runAsUser':1000,'windowsOptions':{}},'containers':[{" + C + "}]", "spec.os: Unsupported value: \"plan9\": supported values: \"linux\", \"windows\"")]
    public void OperatingSystem(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod(spec));
    }

    [Fact]
    public void OperatingSystem_UnknownName_ReportsNothingElse() =>
        Assert.Single(Pod("'os':{'name':'plan9'},'securityContext':{'runAsUser':1000,'windowsOptions':{}},'containers':[{" + C + "}]"));

    [Theory]
    [InlineData("own user namespace", "'hostUsers':false,'containers':[{" + C + "}]", "")]
    [InlineData("host users with host network", "'hostUsers':true,'hostNetwork':true,'containers':[{" + C + "}]", "")]
    [InlineData("host network", "'hostUsers':false,'hostNetwork':true,'containers':[{" + C + "}]", "spec.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false")]
    [InlineData("host PID", "'hostUsers':false,'hostPID':true,'containers':[{" + C + "}]", "spec.HostPID: Forbidden: when `pod.Spec.HostUsers` is false")]
    [InlineData("host IPC", "'hostUsers':false,'hostIPC':true,'containers':[{" + C + "}]", "spec.HostIPC: Forbidden: when `pod.Spec.HostUsers` is false")]
    public void HostUsers(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod(spec));
    }

    [Fact]
    public void HostUsers_AppliesToTemplatesToo() =>
        StrategyRun.Expect("spec.template.spec.hostNetwork: Forbidden: when `pod.Spec.HostUsers` is false",
            Template("'hostUsers':false,'hostNetwork':true,'containers':[{" + C + "}]"));

    [Theory]
    [InlineData("valid formats", "{'seccomp.security.alpha.kubernetes.io/pod':'runtime/default','container.seccomp.security.alpha.kubernetes.io/c':'localhost/profiles/a.json','container.apparmor.security.beta.kubernetes.io/c':'localhost/k8s-deny'}", "'containers':[{" + C + "}]", "")]
    [InlineData("unknown seccomp profile", "{'seccomp.security.alpha.kubernetes.io/pod':'strict'}", "'containers':[{" + C + "}]", "metadata.annotations.seccomp.security.alpha.kubernetes.io/pod: Invalid value: \"strict\": must be a valid seccomp profile")]
    [InlineData("absolute localhost seccomp profile", "{'container.seccomp.security.alpha.kubernetes.io/c':'localhost//etc/p.json'}", "'containers':[{" + C + "}]", "metadata.annotations.container.seccomp.security.alpha.kubernetes.io/c: Invalid value: \"/etc/p.json\": must be a relative path")]
    [InlineData("apparmor for a missing container", "{'container.apparmor.security.beta.kubernetes.io/web':'runtime/default'}", "'containers':[{" + C + "}]", "metadata.annotations[container.apparmor.security.beta.kubernetes.io/web]: Invalid value: \"web\": container not found")]
    [InlineData("apparmor profile name", "{'container.apparmor.security.beta.kubernetes.io/c':'deny-all'}", "'containers':[{" + C + "}]", "metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: Invalid value: \"deny-all\": invalid AppArmor profile name: \"deny-all\"")]
    [InlineData("seccomp annotation and field agree", "{'seccomp.security.alpha.kubernetes.io/pod':'docker/default'}", "'securityContext':{'seccompProfile':{'type':'RuntimeDefault'}},'containers':[{" + C + "}]", "")]
    [InlineData("seccomp type differs", "{'seccomp.security.alpha.kubernetes.io/pod':'unconfined'}", "'securityContext':{'seccompProfile':{'type':'RuntimeDefault'}},'containers':[{" + C + "}]", "spec.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match")]
    [InlineData("seccomp container profile differs", "{'container.seccomp.security.alpha.kubernetes.io/c':'localhost/a.json'}", "'containers':[{" + C + ",'securityContext':{'seccompProfile':{'type':'Localhost','localhostProfile':'b.json'}}}]", "spec.containers[0].securityContext.seccompProfile.localhostProfile: Forbidden: seccomp profile in annotation and field must match")]
    [InlineData("apparmor type differs from the pod's field", "{'container.apparmor.security.beta.kubernetes.io/c':'unconfined'}", "'securityContext':{'appArmorProfile':{'type':'RuntimeDefault'}},'containers':[{" + C + "}]", "spec.containers[0].securityContext.appArmorProfile.type: Forbidden: apparmor type in annotation and field must match")]
    [InlineData("apparmor profile differs", "{'container.apparmor.security.beta.kubernetes.io/c':'localhost/a'}", "'containers':[{" + C + ",'securityContext':{'appArmorProfile':{'type':'Localhost','localhostProfile':'b'}}}]", "spec.containers[0].securityContext.appArmorProfile.localhostProfile: Forbidden: apparmor profile in annotation and field must match")]
    public void SecurityAnnotations(string name, string annotations, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, Pod(spec, annotations));
    }

    [Theory]
    [InlineData("unchanged", "{'container.apparmor.security.beta.kubernetes.io/c':'runtime/default'}", "{'container.apparmor.security.beta.kubernetes.io/c':'runtime/default','other':'x'}", "")]
    [InlineData("added", "{}", "{'container.apparmor.security.beta.kubernetes.io/c':'runtime/default'}", "metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: Forbidden: may not add AppArmor annotations")]
    [InlineData("changed", "{'container.apparmor.security.beta.kubernetes.io/c':'runtime/default'}", "{'container.apparmor.security.beta.kubernetes.io/c':'unconfined'}", "metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: Forbidden: may not remove or update AppArmor annotations")]
    [InlineData("removed", "{'container.apparmor.security.beta.kubernetes.io/c':'runtime/default'}", "{}", "metadata.annotations[container.apparmor.security.beta.kubernetes.io/c]: Forbidden: may not remove or update AppArmor annotations")]
    public void AppArmorAnnotations_AreFixedAfterCreate(string name, string before, string after, string expected)
    {
        _ = name;
        const string pod = "{'metadata':{'name':'p','namespace':'ns','annotations':ANNOTATIONS},'spec':{'containers':[{" + C + "}]}}";

        StrategyRun.Expect(expected, StrategyRun.Update(Strategies.Pod, pod.Replace("ANNOTATIONS", before), pod.Replace("ANNOTATIONS", after)));
    }

    [Fact]
    public void SecurityAnnotations_MismatchIsCheckedOnCreateOnly()
    {
        const string old = "{'metadata':{'name':'p','namespace':'ns'},'spec':{'containers':[{" + C + "}]}}";
        const string updated = "{'metadata':{'name':'p','namespace':'ns','annotations':{'seccomp.security.alpha.kubernetes.io/pod':'unconfined'}},'spec':{'securityContext':{'seccompProfile':{'type':'RuntimeDefault'}},'containers':[{" + C + "}]}}";

        var errors = StrategyRun.Update(Strategies.Pod, old, updated);

        Assert.DoesNotContain(errors, e => e.Contains("annotation and field must match", StringComparison.Ordinal));
    }
}
