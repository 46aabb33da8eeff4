using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

/// <summary>Upstream's ValidatePodUpdate and ValidatePodStatusUpdate, case by case.</summary>
public sealed class PodUpdateValidationTests
{
    private const string Forbidden =
        "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    private static string Pod(string spec) => "{'metadata':{'name':'p','namespace':'ns'},'spec':{" + spec + "}}";

    [Theory]
    [InlineData("image", "'containers':[{'name':'c','image':'a'}]", "'containers':[{'name':'c','image':'b'}]", "")]
    [InlineData("deadline set", "'containers':[{'name':'c','image':'a'}]", "'activeDeadlineSeconds':30,'containers':[{'name':'c','image':'a'}]", "")]
    [InlineData("deadline lowered", "'activeDeadlineSeconds':30,'containers':[{'name':'c','image':'a'}]", "'activeDeadlineSeconds':10,'containers':[{'name':'c','image':'a'}]", "")]
    [InlineData("deadline raised", "'activeDeadlineSeconds':30,'containers':[{'name':'c','image':'a'}]", "'activeDeadlineSeconds':60,'containers':[{'name':'c','image':'a'}]", "spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value")]
    [InlineData("deadline removed", "'activeDeadlineSeconds':30,'containers':[{'name':'c','image':'a'}]", "'containers':[{'name':'c','image':'a'}]", "spec.activeDeadlineSeconds: Invalid value: null: must not update from a positive integer to nil value")]
    [InlineData("toleration added", "'tolerations':[{'key':'a','operator':'Exists'}],'containers':[{'name':'c','image':'a'}]", "'tolerations':[{'key':'a','operator':'Exists'},{'key':'b','operator':'Exists'}],'containers':[{'name':'c','image':'a'}]", "")]
    [InlineData("toleration changed", "'tolerations':[{'key':'a','operator':'Exists'}],'containers':[{'name':'c','image':'a'}]", "'tolerations':[{'key':'b','operator':'Exists'}],'containers':[{'name':'c','image':'a'}]", "spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds")]
    [InlineData("gate removed", "'schedulingGates':[{'name':'g'}],'containers':[{'name':'c','image':'a'}]", "'containers':[{'name':'c','image':'a'}]", "")]
    [InlineData("gate added", "'containers':[{'name':'c','image':'a'}]", "'schedulingGates':[{'name':'g'}],'containers':[{'name':'c','image':'a'}]", "spec.schedulingGates[0].name: Forbidden: only deletion is allowed, but found new scheduling gate 'g'")]
    [InlineData("node selector added while gated", "'schedulingGates':[{'name':'g'}],'containers':[{'name':'c','image':'a'}]", "'schedulingGates':[{'name':'g'}],'nodeSelector':{'disk':'ssd'},'containers':[{'name':'c','image':'a'}]", "")]
    [InlineData("node selector added when not gated", "'containers':[{'name':'c','image':'a'}]", "'nodeSelector':{'disk':'ssd'},'containers':[{'name':'c','image':'a'}]", Forbidden)]
    [InlineData("container added", "'containers':[{'name':'c','image':'a'}]", "'containers':[{'name':'c','image':'a'},{'name':'d','image':'a'}]", "spec.containers: Forbidden: pod updates may not add or remove containers")]
    [InlineData("other field", "'containers':[{'name':'c','image':'a'}]", "'containers':[{'name':'c','image':'a','command':['sh']}]", Forbidden)]
    public void Spec(string name, string before, string after, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Update(Strategies.Pod, Pod(before), Pod(after)));
    }

    [Theory]
    [InlineData("running", "{'phase':'Running','conditions':[{'type':'Ready','status':'True'},{'type':'example.com/ok','status':'True'}],'podIP':'10.0.0.5','podIPs':[{'ip':'10.0.0.5'},{'ip':'fd00::5'}],'hostIP':'192.168.1.2','hostIPs':[{'ip':'192.168.1.2'}]}", "")]
    [InlineData("custom condition type", "{'conditions':[{'type':'not a name','status':'True'}]}", "metadata.conditions[0].Type: Invalid value: \"not a name\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("qos changed", "{'qosClass':'Guaranteed'}", "status.qosClass: Invalid value: \"Guaranteed\": field is immutable")]
    [InlineData("bad pod IP", "{'podIPs':[{'ip':'10.0.0'}]}", "status.podIPs[0]: Invalid value: \"10.0.0\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    [InlineData("two IPv4 pod IPs", "{'podIPs':[{'ip':'10.0.0.1'},{'ip':'10.0.0.2'}]}", "status.podIPs: Invalid value: [{\"ip\":\"10.0.0.1\"},{\"ip\":\"10.0.0.2\"}]: may specify no more than one IP for each IP family")]
    [InlineData("host IPs disagree", "{'hostIP':'192.168.1.2','hostIPs':[{'ip':'192.168.1.3'}]}", "status.hostIPs[0].ip: Invalid value: \"192.168.1.3\": must be equal to `hostIP`")]
    public void Status(string name, string status, string expected)
    {
        _ = name;
        var old = Json.Obj(Pod("'restartPolicy':'Never','containers':[{'name':'c','image':'a'}]"));
        Strategies.Pod.PrepareForCreate(old);
        var updated = old.DeepClone().AsObject();
        var next = Json.Obj(status);
        foreach (var (key, value) in next) updated["status"]![key] = value?.DeepClone();

        StrategyRun.Expect(expected, Strategies.Pod.ValidateStatusUpdate(updated, old).Select(e => e.ToString()).ToList());
    }

    [Fact]
    public void Status_TerminatedContainerOfNeverPod_StaysTerminated()
    {
        var old = Json.Obj(Pod("'restartPolicy':'Never','containers':[{'name':'c','image':'a'}]"));
        Strategies.Pod.PrepareForCreate(old);
        old["status"]!["containerStatuses"] = Json.Obj("{'l':[{'name':'c','state':{'terminated':{'exitCode':0}}}]}")["l"]!.DeepClone();
        var updated = old.DeepClone().AsObject();
        updated["status"]!["containerStatuses"] = Json.Obj("{'l':[{'name':'c','state':{'running':{}}}]}")["l"]!.DeepClone();

        var error = Assert.Single(Strategies.Pod.ValidateStatusUpdate(updated, old));

        Assert.Equal("status.containerStatuses[0].state: Forbidden: may not be transitioned to non-terminated state", error.ToString());
    }
}
