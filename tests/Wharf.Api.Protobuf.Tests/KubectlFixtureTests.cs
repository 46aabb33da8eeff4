using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Api.Protobuf.Tests;

/// <summary>Real kubectl 1.32.4 protobuf bodies decode to the JSON kubectl itself writes for the same objects.</summary>
public sealed class KubectlFixtureTests
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public void Fixtures_CoverTheTypedCreateCommands()
    {
        string[] required =
        [
            "namespace", "configmap", "secret", "deployment", "service-clusterip", "job", "serviceaccount", "role",
            "pdb", "priorityclass", "token", "cronjob", "ingress", "quota", "can-i", "whoami",
        ];
        Assert.Empty(required.Except(Fixtures.Names));
    }

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Decode_KubectlBody_EqualsKubectlJson(string fixture)
    {
        var decoded = KubernetesProtobuf.Decode(Fixtures.Body(fixture));
        var expected = JsonNode.Parse(Fixtures.ExpectedJson(fixture));

        Assert.True(JsonNode.DeepEquals(expected, decoded),
            $"expected:\n{expected!.ToJsonString(Indented)}\nactual:\n{decoded.ToJsonString(Indented)}");
    }

    [Theory]
    [MemberData(nameof(Fixtures.All), MemberType = typeof(Fixtures))]
    public void Decode_KubectlBody_PutsApiVersionAndKindFirst(string fixture)
    {
        var names = KubernetesProtobuf.Decode(Fixtures.Body(fixture)).Select(p => p.Key).Take(2);

        Assert.Equal(["apiVersion", "kind"], names);
    }

    [Fact]
    public void Decode_DeploymentWithZeroReplicas_KeepsTheZero()
    {
        var deployment = KubernetesProtobuf.Decode(Fixtures.Body("deployment"));

        Assert.Equal(0, deployment["spec"]!["replicas"]!.GetValue<long>());
        // ObjectMeta arrives with generateName="", generation=0 ...: none of them reach the JSON.
        Assert.Equal(["name", "creationTimestamp", "labels"], deployment["metadata"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Decode_SecretData_IsBase64OfTheRawBytes()
    {
        var secret = KubernetesProtobuf.Decode(Fixtures.Body("secret-binary"));

        var blob = Convert.FromBase64String(secret["data"]!["blob"]!.GetValue<string>());
        Assert.Equal(Enumerable.Range(0, 256).Select(i => (byte)i), blob);
        Assert.Null(secret["type"]);
    }

    [Fact]
    public void IsEnvelope_KubectlBodyAndJson_TellsThemApart()
    {
        Assert.True(KubernetesProtobuf.IsEnvelope(Fixtures.Body("namespace")));
        Assert.False(KubernetesProtobuf.IsEnvelope("{\"kind\":\"Namespace\"}"u8));
        Assert.False(KubernetesProtobuf.IsEnvelope("k8s"u8));
    }
}
