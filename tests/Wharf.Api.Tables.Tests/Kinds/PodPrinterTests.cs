using System.Text.Json.Nodes;
using static Wharf.Api.Tables.Tests.TableAssert;

namespace Wharf.Api.Tables.Tests.Kinds;

public sealed class PodPrinterTests
{
    private static readonly string Created = Ago(TimeSpan.FromMinutes(5));
    private static readonly string Deleted = Ago(TimeSpan.FromSeconds(10));

    private static JsonObject Pod(JsonObject status, JsonObject? spec = null, bool deleting = false)
    {
        var meta = new JsonObject { ["name"] = "web", ["creationTimestamp"] = Created };
        if (deleting)
        {
            meta["deletionTimestamp"] = Deleted;
        }

        return new JsonObject { ["metadata"] = meta, ["spec"] = spec ?? J("{'containers':[{'name':'app'}]}"), ["status"] = status };
    }

    private static JsonObject Status(string phase, JsonNode? containers = null, JsonNode? inits = null, JsonNode? conditions = null)
    {
        var s = new JsonObject { ["phase"] = phase };
        if (containers is not null) s["containerStatuses"] = containers;
        if (inits is not null) s["initContainerStatuses"] = inits;
        if (conditions is not null) s["conditions"] = conditions;
        return s;
    }

    private static JsonObject C(string name, JsonObject state, bool ready = false, int restarts = 0, JsonObject? last = null, bool? started = null)
    {
        var c = new JsonObject { ["name"] = name, ["ready"] = ready, ["restartCount"] = restarts, ["state"] = state };
        if (last is not null) c["lastState"] = last;
        if (started is { } s) c["started"] = s;
        return c;
    }

    private static JsonObject Run() => J("{'running':{'startedAt':'2024-06-01T11:55:00Z'}}");

    private static JsonObject Wait(string reason) => new() { ["waiting"] = new JsonObject { ["reason"] = reason } };

    private static JsonObject Term(int exitCode, string? reason = null, int signal = 0)
    {
        var t = new JsonObject { ["exitCode"] = exitCode };
        if (reason is not null) t["reason"] = reason;
        if (signal != 0) t["signal"] = signal;
        return new JsonObject { ["terminated"] = t };
    }

    private static JsonObject LastTerm(TimeSpan ago) =>
        new() { ["terminated"] = new JsonObject { ["exitCode"] = 1, ["reason"] = "Error", ["finishedAt"] = Ago(ago) } };

    private static JsonArray A(params JsonNode[] items) => new(items);

    private static JsonObject TwoInits() => J("{'initContainers':[{'name':'init-a'},{'name':'init-b'}],'containers':[{'name':'app'}]}");

    private static JsonObject TwoContainers() => J("{'containers':[{'name':'app'},{'name':'b'}]}");

    private const string NoWide = "\"<none>\",\"<none>\",\"<none>\",\"<none>\"]";

    public static TheoryData<string, JsonObject, string> Cases() => new()
    {
        {
            "running and ready",
            Pod(J("{'phase':'Running','podIP':'10.1.0.5','containerStatuses':[{'name':'app','ready':true,'restartCount':0,'state':{'running':{}}}]}"),
                J("{'nodeName':'node-1','containers':[{'name':'app'}]}")),
            """["web","1/1","Running","0","5m","10.1.0.5","node-1","<none>","<none>"]"""
        },
        { "pending without statuses", Pod(Status("Pending")), """["web","0/1","Pending","0","5m",""" + NoWide },
        { "container creating", Pod(Status("Pending", A(C("app", Wait("ContainerCreating"))))), """["web","0/1","ContainerCreating","0","5m",""" + NoWide },
        {
            "crash loop with last restart age",
            Pod(Status("Running", A(C("app", Wait("CrashLoopBackOff"), restarts: 5, last: LastTerm(TimeSpan.FromMinutes(3)))))),
            """["web","0/1","CrashLoopBackOff","5 (3m ago)","5m",""" + NoWide
        },
        {
            "restarts without a last termination",
            Pod(Status("Running", A(C("app", Run(), ready: true, restarts: 4)))),
            """["web","1/1","Running","4","5m",""" + NoWide
        },
        {
            "first init container running",
            Pod(Status("Pending", A(C("app", Wait("PodInitializing"))), A(C("init-a", Run()), C("init-b", Wait("PodInitializing")))), TwoInits()),
            """["web","0/1","Init:0/2","0","5m",""" + NoWide
        },
        {
            "second init container after first succeeded",
            Pod(Status("Pending", inits: A(C("init-a", Term(0, "Completed")), C("init-b", Run()))), TwoInits()),
            """["web","0/1","Init:1/2","0","5m",""" + NoWide
        },
        {
            "init waiting PodInitializing counts as progress",
            Pod(Status("Pending", inits: A(C("init-a", Wait("PodInitializing")))), TwoInits()),
            """["web","0/1","Init:0/2","0","5m",""" + NoWide
        },
        {
            "init crash loop with restarts",
            Pod(Status("Pending", inits: A(C("init-a", Wait("CrashLoopBackOff"), restarts: 3, last: LastTerm(TimeSpan.FromSeconds(60))))), TwoInits()),
            """["web","0/1","Init:CrashLoopBackOff","3 (60s ago)","5m",""" + NoWide
        },
        { "init failed with reason", Pod(Status("Pending", inits: A(C("init-a", Term(1, "Error")))), TwoInits()), """["web","0/1","Init:Error","0","5m",""" + NoWide },
        { "init exit code without reason", Pod(Status("Pending", inits: A(C("init-a", Term(2)))), TwoInits()), """["web","0/1","Init:ExitCode:2","0","5m",""" + NoWide },
        { "init killed by signal", Pod(Status("Pending", inits: A(C("init-a", Term(137, signal: 9)))), TwoInits()), """["web","0/1","Init:Signal:9","0","5m",""" + NoWide },
        { "completed", Pod(Status("Succeeded", A(C("app", Term(0, "Completed"))))), """["web","0/1","Completed","0","5m",""" + NoWide },
        { "failed with reason", Pod(Status("Failed", A(C("app", Term(1, "Error"))))), """["web","0/1","Error","0","5m",""" + NoWide },
        { "exit code without reason", Pod(Status("Failed", A(C("app", Term(137))))), """["web","0/1","ExitCode:137","0","5m",""" + NoWide },
        { "signal without reason", Pod(Status("Failed", A(C("app", Term(143, signal: 15))))), """["web","0/1","Signal:15","0","5m",""" + NoWide },
        {
            "first container's reason wins",
            Pod(Status("Running", A(C("app", Wait("ImagePullBackOff")), C("b", Wait("ErrImagePull")))), TwoContainers()),
            """["web","0/2","ImagePullBackOff","0","5m",""" + NoWide
        },
        { "terminating", Pod(Status("Running", A(C("app", Run(), ready: true))), deleting: true), """["web","1/1","Terminating","0","5m",""" + NoWide },
        {
            "deleting a succeeded pod keeps Completed",
            Pod(Status("Succeeded", A(C("app", Term(0, "Completed")))), deleting: true),
            """["web","0/1","Completed","0","5m",""" + NoWide
        },
        { "node lost", Pod(J("{'phase':'Running','reason':'NodeLost'}")), """["web","0/1","NodeLost","0","5m",""" + NoWide },
        { "node lost while deleting is Unknown", Pod(J("{'phase':'Running','reason':'NodeLost'}"), deleting: true), """["web","0/1","Unknown","0","5m",""" + NoWide },
        { "evicted", Pod(J("{'phase':'Failed','reason':'Evicted'}")), """["web","0/1","Evicted","0","5m",""" + NoWide },
        {
            "scheduling gated",
            Pod(Status("Pending", conditions: J("{'c':[{'type':'PodScheduled','status':'False','reason':'SchedulingGated'}]}")["c"]!.DeepClone())),
            """["web","0/1","SchedulingGated","0","5m",""" + NoWide
        },
        {
            "sidecar counts towards ready and restarts",
            Pod(
                Status("Running",
                    A(C("app", Run(), ready: true, restarts: 2, last: LastTerm(TimeSpan.FromMinutes(2)))),
                    A(C("proxy", Run(), ready: true, restarts: 1, last: LastTerm(TimeSpan.FromMinutes(10)), started: true)),
                    J("{'c':[{'type':'Initialized','status':'True'}]}")["c"]!.DeepClone()),
                J("{'initContainers':[{'name':'proxy','restartPolicy':'Always'}],'containers':[{'name':'app'}]}")),
            """["web","2/2","Running","3 (2m ago)","5m",""" + NoWide
        },
        {
            "completed container beside a running one is Running when ready",
            Pod(Status("Running", A(C("app", Term(0, "Completed")), C("b", Run(), ready: true)), conditions: J("{'c':[{'type':'Ready','status':'True'}]}")["c"]!.DeepClone()), TwoContainers()),
            """["web","1/2","Running","0","5m",""" + NoWide
        },
        {
            "completed container beside a running one is NotReady otherwise",
            Pod(Status("Running", A(C("app", Term(0, "Completed")), C("b", Run(), ready: true))), TwoContainers()),
            """["web","1/2","NotReady","0","5m",""" + NoWide
        },
        {
            "wide columns from podIPs, nominated node and readiness gates",
            Pod(J("{'phase':'Pending','podIPs':[{'ip':'fd00::5'}],'nominatedNodeName':'node-2','conditions':[{'type':'example.com/lb','status':'True'},{'type':'example.com/dns','status':'False'}]}"),
                J("{'containers':[{'name':'app'}],'readinessGates':[{'conditionType':'example.com/lb'},{'conditionType':'example.com/dns'}]}")),
            """["web","0/1","Pending","0","5m","fd00::5","<none>","node-2","1/2"]"""
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Prints_ready_status_restarts(string name, JsonObject pod, string expected)
    {
        Assert.Equal(expected, Row("", "pods", pod));
    }

    [Fact]
    public void Columns_match_upstream()
    {
        Assert.Equal(
            "Name:string:name | Ready:string | Status:string | Restarts:string | Age:string | IP:string* | Node:string* | Nominated Node:string* | Readiness Gates:string*",
            Columns(TableConvertors.For("", "pods")!));
    }

    [Fact]
    public void Missing_creation_timestamp_is_unknown_age()
    {
        Assert.Equal(
            """["bare","0/0","Pending","0","<unknown>","<none>","<none>","<none>","<none>"]""",
            Row("", "pods", J("{'metadata':{'name':'bare'}}")));
    }
}
