using System.Text.Json.Nodes;
using k8s;
using Wharf.Client.Events;
using Wharf.Client.Rest;
using Wharf.Node.Agent.Admission;
using Wharf.Node.Tests.Images;
using static Wharf.Node.Tests.Agent.Admission.AdmissionPods;

namespace Wharf.Node.Tests.Agent.Admission;

/// <summary>What a refusal leaves in the API (event, Failed status) and when the Node is read again.</summary>
public sealed class AdmissionGateTests
{
    private readonly List<(string Type, string Reason, string Message)> _events = [];
    private readonly List<JsonNode> _patches = [];
    private int _nodeReads;
    private JsonObject _node = Serialize(TestNode(cpu: "1"));

    private AdmissionGate Gate()
    {
        var client = CallProxy.Create<IApiClient>((method, args) => method.Name switch
        {
            nameof(IApiClient.GetAsync) => Task.FromResult(Read()),
            nameof(IApiClient.PatchAsync) => Patched((JsonNode)args[4]!),
            _ => throw new NotSupportedException(method.Name),
        });
        var events = CallProxy.Create<IEventRecorder>((_, args) =>
        {
            _events.Add(((string)args[1]!, (string)args[2]!, (string)args[3]!));
            return null;
        });
        return new AdmissionGate(client, events, NodeName, TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
    }

    private JsonObject Read()
    {
        _nodeReads++;
        return (JsonObject)_node.DeepClone();
    }

    private Task<JsonObject> Patched(JsonNode patch)
    {
        _patches.Add(patch.DeepClone());
        return Task.FromResult(new JsonObject());
    }

    private static JsonObject Serialize(object model) => JsonNode.Parse(KubernetesJson.Serialize(model))!.AsObject();

    [Fact]
    public async Task A_refused_pod_gets_a_warning_event_and_a_Failed_status_with_the_rejection_message()
    {
        var gate = Gate();
        var pod = Pod("greedy", ("cpu", "2"));

        var result = await gate.AdmitAsync(pod, [], CancellationToken.None);
        var status = await gate.RejectAsync(Serialize(pod), pod, result, CancellationToken.None);

        const string message = "Node didn't have enough resource: cpu, requested: 2000, used: 0, capacity: 1000";
        Assert.Equal([("Warning", "OutOfcpu", message)], _events);
        var posted = Assert.Single(_patches)["status"]!;
        Assert.Equal("Failed", posted["phase"]!.GetValue<string>());
        Assert.Equal("OutOfcpu", posted["reason"]!.GetValue<string>());
        Assert.Equal("Pod was rejected: " + message, posted["message"]!.GetValue<string>());
        Assert.Equal("Burstable", posted["qosClass"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(posted, status));
    }

    [Fact]
    public async Task A_node_affinity_refusal_reads_the_node_again_and_sees_a_label_just_added()
    {
        var gate = Gate();
        var pod = Pod("picky");
        pod.Spec.NodeSelector = new Dictionary<string, string> { ["disk"] = "ssd" };
        Assert.True((await gate.AdmitAsync(Pod("first"), [], CancellationToken.None)).Admit);
        _node = Serialize(TestNode(labels: new Dictionary<string, string> { ["disk"] = "ssd" }));

        var result = await gate.AdmitAsync(pod, [], CancellationToken.None);

        Assert.True(result.Admit);
        Assert.Equal(2, _nodeReads);
    }

    [Fact]
    public async Task Within_its_max_age_the_node_is_read_once_for_many_pods()
    {
        var gate = Gate();

        for (var i = 0; i < 5; i++)
            Assert.True((await gate.AdmitAsync(Pod("p" + i), [], CancellationToken.None)).Admit);

        Assert.Equal(1, _nodeReads);
    }
}
