using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Registry.Kinds;

public sealed class BatchValidationTests
{
    private const string Pod = "'template':{'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'busybox'}]}}";
    private const string OnFailurePod = "'template':{'spec':{'restartPolicy':'OnFailure','containers':[{'name':'c','image':'busybox'}]}}";

    private static string Job(string spec, string pod = Pod) => "{'metadata':{'name':'j','namespace':'d'},'spec':{" + spec + (spec.Length > 0 ? "," : "") + pod + "}}";

    [Theory]
    [InlineData("valid", "", "")]
    [InlineData("valid indexed with per-index limits", "'completionMode':'Indexed','completions':4,'backoffLimitPerIndex':1,'maxFailedIndexes':2", "")]
    [InlineData("negative parallelism", "'parallelism':-1", "spec.parallelism: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("negative completions", "'completions':-2", "spec.completions: Invalid value: -2: must be greater than or equal to 0")]
    [InlineData("negative backoffLimit", "'backoffLimit':-1", "spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("unknown completion mode", "'completionMode':'Sometimes'", "spec.completionMode: Unsupported value: \"Sometimes\": supported values: \"NonIndexed\", \"Indexed\"")]
    [InlineData("per-index limit without Indexed", "'backoffLimitPerIndex':1", "spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode")]
    [InlineData("maxFailedIndexes without per-index limit", "'completionMode':'Indexed','completions':3,'maxFailedIndexes':1", "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified")]
    [InlineData("maxFailedIndexes above completions", "'completionMode':'Indexed','completions':3,'backoffLimitPerIndex':1,'maxFailedIndexes':5", "spec.maxFailedIndexes: Invalid value: 5: must be less than or equal to completions")]
    [InlineData("indexed parallelism too high", "'completionMode':'Indexed','completions':3,'parallelism':100001", "spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed")]
    [InlineData("success policy needs Indexed", "'successPolicy':{'rules':[{'succeededCount':1}]}", "spec.successPolicy: Invalid value: {\"rules\":[{\"succeededCount\":1}]}: requires indexed completion mode")]
    [InlineData("success policy without rules", "'completionMode':'Indexed','completions':3,'successPolicy':{'rules':[]}", "spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified")]
    [InlineData("success policy count above completions", "'completionMode':'Indexed','completions':3,'successPolicy':{'rules':[{'succeededCount':4}]}", "spec.successPolicy.rules[0].succeededCount: Invalid value: 4: must be less than or equal to 3 (the number of specified completions)")]
    [InlineData("success policy bad indexes", "'completionMode':'Indexed','completions':3,'successPolicy':{'rules':[{'succeededIndexes':'2-1'}]}", "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"2-1\": error parsing succeededIndexes: non-increasing order, previous: 2, current: 1")]
    [InlineData("success policy index too large", "'completionMode':'Indexed','completions':3,'successPolicy':{'rules':[{'succeededIndexes':'0,3'}]}", "spec.successPolicy.rules[0].succeededIndexes: Invalid value: \"0,3\": error parsing succeededIndexes: too large index: \"3\"")]
    [InlineData("managedBy not domain-prefixed", "'managedBy':'kueue'", "spec.managedBy: Invalid value: \"kueue\": must be a domain-prefixed path (such as \"acme.io/foo\")")]
    [InlineData("replacement policy unknown", "'podReplacementPolicy':'Never'", "spec.podReplacementPolicy: Unsupported value: \"Never\": supported values: \"Failed\", \"TerminatingOrFailed\"")]
    public void Job_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.Job, Job(spec)));
    }

    [Theory]
    [InlineData("restart policy left to the pod default", "'template':{'spec':{'containers':[{'name':'c','image':'busybox'}]}}", "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"")]
    [InlineData("restart policy Always", "'template':{'spec':{'restartPolicy':'Always','containers':[{'name':'c','image':'busybox'}]}}", "spec.template.spec.restartPolicy: Required value: valid values: \"OnFailure\", \"Never\"")]
    [InlineData("no containers", "'template':{'spec':{'restartPolicy':'Never'}}", "spec.template.spec.containers: Required value")]
    [InlineData("selector does not match template", "'selector':{'matchLabels':{'a':'b'}}," + Pod, "spec.template.metadata.labels: Invalid value: map[string]string{}: `selector` does not match template `labels`")]
    [InlineData("selector with a bad operator", "'selector':{'matchExpressions':[{'key':'a','operator':'Near'}]}," + Pod, "spec.selector.matchExpressions[0].operator: Invalid value: \"Near\": not a valid selector operator")]
    public void Job_Validate_Template(string name, string pod, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.Job, Job("", pod)));
    }

    [Theory]
    [InlineData("valid FailJob on exit codes", "'rules':[{'action':'FailJob','onExitCodes':{'operator':'In','values':[1,2]}}]", "")]
    [InlineData("valid Ignore on condition", "'rules':[{'action':'Ignore','onPodConditions':[{'type':'DisruptionTarget','status':'True'}]}]", "")]
    [InlineData("condition status defaults to True", "'rules':[{'action':'Ignore','onPodConditions':[{'type':'DisruptionTarget'}]}]", "")]
    [InlineData("FailIndex without per-index limit", "'rules':[{'action':'FailIndex','onExitCodes':{'operator':'In','values':[1]}}]", "spec.podFailurePolicy.rules[0].action: Invalid value: \"FailIndex\": requires the backoffLimitPerIndex to be set")]
    [InlineData("unknown action", "'rules':[{'action':'Retry','onExitCodes':{'operator':'In','values':[1]}}]", "spec.podFailurePolicy.rules[0].action: Unsupported value: \"Retry\": supported values: \"Count\", \"FailIndex\", \"FailJob\", \"Ignore\"")]
    [InlineData("missing action", "'rules':[{'onExitCodes':{'operator':'In','values':[1]}}]", "spec.podFailurePolicy.rules[0].action: Required value: valid values: [\"Count\" \"FailIndex\" \"FailJob\" \"Ignore\"]")]
    [InlineData("bad operator", "'rules':[{'action':'FailJob','onExitCodes':{'operator':'Is','values':[1]}}]", "spec.podFailurePolicy.rules[0].onExitCodes.operator: Unsupported value: \"Is\": supported values: \"In\", \"NotIn\"")]
    [InlineData("no values", "'rules':[{'action':'FailJob','onExitCodes':{'operator':'In','values':[]}}]", "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32(nil): at least one value is required")]
    [InlineData("zero with In", "'rules':[{'action':'FailJob','onExitCodes':{'operator':'In','values':[0,1]}}]", "spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator")]
    [InlineData("unordered values", "'rules':[{'action':'FailJob','onExitCodes':{'operator':'NotIn','values':[3,1]}}]", "spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: []int32{3, 1}: must be ordered")]
    [InlineData("duplicate values", "'rules':[{'action':'FailJob','onExitCodes':{'operator':'NotIn','values':[1,1]}}]", "spec.podFailurePolicy.rules[0].onExitCodes.values[1]: Duplicate value: 1")]
    [InlineData("unknown container", "'rules':[{'action':'FailJob','onExitCodes':{'containerName':'x','operator':'In','values':[1]}}]", "spec.podFailurePolicy.rules[0].onExitCodes.containerName: Invalid value: \"x\": must be one of the container or initContainer names in the pod template")]
    [InlineData("both requirements", "'rules':[{'action':'FailJob','onExitCodes':{'operator':'In','values':[1]},'onPodConditions':[{'type':'X','status':'True'}]}]", "spec.podFailurePolicy.rules[0]: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported")]
    [InlineData("no requirement", "'rules':[{'action':'FailJob'}]", "spec.podFailurePolicy.rules[0]: Invalid value: specifying one of OnExitCodes and OnPodConditions is required")]
    [InlineData("condition status unknown", "'rules':[{'action':'Ignore','onPodConditions':[{'type':'X','status':'Maybe'}]}]", "spec.podFailurePolicy.rules[0].onPodConditions[0].status: Unsupported value: \"Maybe\": supported values: \"False\", \"True\", \"Unknown\"")]
    public void Job_PodFailurePolicy(string name, string policy, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.Job, Job("'podFailurePolicy':{" + policy + "}")));
    }

    [Fact]
    public void Job_PodFailurePolicy_NeedsRestartNever()
    {
        var errors = StrategyRun.Create(Strategies.Job, Job("'podFailurePolicy':{'rules':[{'action':'Ignore','onPodConditions':[{'type':'X','status':'True'}]}]}", OnFailurePod));
        Assert.Contains("spec.template.spec.restartPolicy: Invalid value: \"OnFailure\": only \"Never\" is supported when podFailurePolicy is specified", errors);
    }

    [Fact]
    public void Job_PodFailurePolicy_DefaultsReplacementToFailed()
    {
        // Upstream defaults podReplacementPolicy to Failed with a pod failure policy, which is the only value it allows then.
        Assert.Empty(StrategyRun.Create(Strategies.Job, Job("'podFailurePolicy':{'rules':[{'action':'Ignore','onPodConditions':[{'type':'X','status':'True'}]}]}")));
    }

    [Fact]
    public void Job_IndexedName_MustLeaveRoomForHostnames()
    {
        var name = new string('a', 62);
        var errors = StrategyRun.Create(Strategies.Job, "{'metadata':{'name':'" + name + "'},'spec':{'completionMode':'Indexed','completions':10," + Pod + "}}");
        Assert.Contains($"metadata.name: Invalid value: \"{name}\": will not able to create pod with invalid DNS label: {name}-9", errors);
    }

    [Theory]
    [InlineData("parallelism may change", "'parallelism':1", "'parallelism':3", Pod, "")]
    [InlineData("template is immutable", "", "", "'template':{'spec':{'restartPolicy':'Never','containers':[{'name':'c','image':'nginx'}]}}", "spec.template: Invalid value: field is immutable")]
    [InlineData("completions immutable when NonIndexed", "'completions':1", "'completions':2", Pod, "spec.completions: Invalid value: 2: field is immutable")]
    [InlineData("indexed completions only with parallelism", "'completionMode':'Indexed','completions':2,'parallelism':2", "'completionMode':'Indexed','completions':3,'parallelism':2", Pod, "spec.completions: Invalid value: 3: can only be modified in tandem with spec.parallelism")]
    [InlineData("indexed completions in tandem", "'completionMode':'Indexed','completions':2,'parallelism':2", "'completionMode':'Indexed','completions':3,'parallelism':3", Pod, "")]
    [InlineData("completion mode immutable", "'completionMode':'NonIndexed'", "'completionMode':'Indexed','completions':1", Pod, "spec.completionMode: Invalid value: \"Indexed\": field is immutable")]
    public void Job_ValidateUpdate(string name, string before, string after, string pod, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Update(Strategies.Job, Job(before), Job(after, pod)));
    }

    [Theory]
    [InlineData("node selector may change", "'nodeSelector':{'disk':'ssd'},", "")]
    [InlineData("image may not", "", "spec.template: Invalid value: field is immutable")]
    public void Job_SuspendedNeverStarted_MayChangeSchedulingDirectivesOnly(string name, string nodeSelector, string expected)
    {
        _ = name;
        var image = nodeSelector.Length > 0 ? "busybox" : "nginx";
        var after = "'template':{'metadata':{'labels':{'x':'y'}},'spec':{" + nodeSelector + "'restartPolicy':'Never','containers':[{'name':'c','image':'" + image + "'}]}}";
        StrategyRun.Expect(expected, StrategyRun.Update(Strategies.Job, Job("'suspend':true"), Job("'suspend':true", after)));
    }

    [Fact]
    public void Job_Started_TemplateStaysImmutableEvenWhenSuspended()
    {
        var before = "{'metadata':{'name':'j'},'spec':{'suspend':true," + Pod + "},'status':{'startTime':'2026-01-01T00:00:00Z'}}";
        var after = Job("'suspend':true", "'template':{'spec':{'nodeSelector':{'a':'b'},'restartPolicy':'Never','containers':[{'name':'c','image':'busybox'}]}}");
        var old = Support.Json.Obj(before);
        Strategies.Job.PrepareForCreate(old);
        old["status"] = Support.Json.Obj("{'startTime':'2026-01-01T00:00:00Z'}");
        var obj = Support.Json.Obj(after);
        Strategies.Job.PrepareForUpdate(obj, old);
        Assert.Contains(Strategies.Job.ValidateUpdate(obj, old), e => e.Field == "spec.template");
    }

    private static string CronJob(string spec, string name = "cj") =>
        "{'metadata':{'name':'" + name + "'},'spec':{" + spec + (spec.Length > 0 ? "," : "") + "'jobTemplate':{'spec':{" + Pod + "}}}}";

    [Theory]
    [InlineData("valid", "'schedule':'*/5 * * * *'", "")]
    [InlineData("valid descriptor and zone", "'schedule':'@hourly','timeZone':'Europe/Berlin'", "")]
    [InlineData("missing schedule", "", "spec.schedule: Required value")]
    [InlineData("too few fields", "'schedule':'* * *'", "spec.schedule: Invalid value: \"* * *\": expected exactly 5 fields, found 3: [* * *]")]
    [InlineData("minute out of range", "'schedule':'70 * * * *'", "spec.schedule: Invalid value: \"70 * * * *\": end of range (70) above maximum (59): 70")]
    [InlineData("not a number", "'schedule':'x * * * *'", "spec.schedule: Invalid value: \"x * * * *\": failed to parse int from x: strconv.Atoi: parsing \"x\": invalid syntax")]
    [InlineData("unknown descriptor", "'schedule':'@sometimes'", "spec.schedule: Invalid value: \"@sometimes\": unrecognized descriptor: @sometimes")]
    [InlineData("TZ in schedule", "'schedule':'TZ=UTC * * * * *'", "spec.schedule: Invalid value: \"TZ=UTC * * * * *\": cannot use TZ or CRON_TZ in schedule, use timeZone field instead")]
    [InlineData("unknown zone", "'schedule':'* * * * *','timeZone':'Mars/Olympus'", "spec.timeZone: Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus")]
    [InlineData("Local zone", "'schedule':'* * * * *','timeZone':'Local'", "spec.timeZone: Invalid value: \"Local\": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones")]
    [InlineData("empty zone", "'schedule':'* * * * *','timeZone':''", "spec.timeZone: Invalid value: \"\": timeZone must be nil or non-empty string")]
    [InlineData("unknown concurrency policy", "'schedule':'* * * * *','concurrencyPolicy':'Sometimes'", "spec.concurrencyPolicy: Unsupported value: \"Sometimes\": supported values: \"Allow\", \"Forbid\", \"Replace\"")]
    [InlineData("negative history", "'schedule':'* * * * *','failedJobsHistoryLimit':-1", "spec.failedJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0")]
    public void CronJob_Validate(string name, string spec, string expected)
    {
        _ = name;
        StrategyRun.Expect(expected, StrategyRun.Create(Strategies.CronJob, CronJob(spec)));
    }

    [Fact]
    public void CronJob_TemplateSelector_WillBeGenerated()
    {
        var errors = StrategyRun.Create(Strategies.CronJob, "{'metadata':{'name':'cj'},'spec':{'schedule':'* * * * *','jobTemplate':{'spec':{'selector':{'matchLabels':{'a':'b'}}," + Pod + "}}}}");
        Assert.Contains("spec.jobTemplate.spec.selector: Invalid value: {\"matchLabels\":{\"a\":\"b\"}}: `selector` will be auto-generated", errors);
    }

    [Fact]
    public void CronJob_LongName_RejectedOnCreateOnly()
    {
        var name = new string('c', 53);
        var json = CronJob("'schedule':'* * * * *'", name);
        Assert.Contains($"metadata.name: Invalid value: \"{name}\": must be no more than 52 characters", StrategyRun.Create(Strategies.CronJob, json));
        Assert.Empty(StrategyRun.Update(Strategies.CronJob, json, json));
    }
}
