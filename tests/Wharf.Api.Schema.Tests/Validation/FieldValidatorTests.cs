using System.Text;
using System.Text.Json;
using Wharf.Api.Schema.Tests.OpenApi;
using Wharf.Api.Schema.Validation;

namespace Wharf.Api.Schema.Tests.Validation;

public sealed class FieldValidatorTests
{
    private const string Deployment = "io.k8s.api.apps.v1.Deployment";
    private static readonly FieldValidator Validator = FieldValidator.Default;

    private const string GoodDeployment = """
        {"apiVersion":"apps/v1","kind":"Deployment",
         "metadata":{"name":"web","labels":{"app":"web"},"annotations":{"a":"b"},"creationTimestamp":null},
         "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
          "strategy":{"rollingUpdate":{"maxSurge":"25%","maxUnavailable":1}},
          "template":{"metadata":{"labels":{"app":"web"}},
           "spec":{"containers":[{"name":"c1","image":"nginx","ports":[{"containerPort":80}],
             "resources":{"limits":{"cpu":"500m","memory":"128Mi"}},"env":[{"name":"X","value":"1"}]}]}}},
         "status":{}}
        """;

    [Fact]
    public void Validate_GoodDeployment_HasNoFindings() =>
        Assert.Empty(Validator.Validate(Utf8(GoodDeployment), Deployment));

    [Theory]
    [InlineData("top-level", """{"kind":"Deployment","foo":1}""", "unknown field \"foo\"")]
    [InlineData("spec", """{"spec":{"foo":1}}""", "unknown field \"spec.foo\"")]
    [InlineData("container in list", """{"spec":{"template":{"spec":{"containers":[{"name":"a"},{"name":"b","foo":true}]}}}}""", "unknown field \"spec.template.spec.containers[1].foo\"")]
    [InlineData("port in nested list", """{"spec":{"template":{"spec":{"containers":[{"name":"a","ports":[{"containerPort":80,"bar":1}]}]}}}}""", "unknown field \"spec.template.spec.containers[0].ports[0].bar\"")]
    [InlineData("metadata", """{"metadata":{"name":"x","nme":"y"}}""", "unknown field \"metadata.nme\"")]
    [InlineData("quoted", "{\"spec\":{\"a\\\"b\":1}}", "unknown field \"spec.a\\\"b\"")]
    public void Validate_UnknownField_IsReportedWithUpstreamPath(string name, string body, string expected)
    {
        _ = name;
        Assert.Equal([expected], Validator.Validate(Utf8(body), Deployment));
    }

    [Theory]
    [InlineData("metadata name", """{"metadata":{"name":"a","name":"b"}}""", "duplicate field \"metadata.name\"")]
    [InlineData("map key", """{"metadata":{"labels":{"app":"a","app":"b"}}}""", "duplicate field \"metadata.labels.app\"")]
    [InlineData("in list", """{"spec":{"template":{"spec":{"containers":[{"name":"a","image":"x","image":"y"}]}}}}""", "duplicate field \"spec.template.spec.containers[0].image\"")]
    public void Validate_DuplicateField_IsReported(string name, string body, string expected)
    {
        _ = name;
        Assert.Equal([expected], Validator.Validate(Utf8(body), Deployment));
    }

    [Fact]
    public void Validate_Findings_KeepDocumentOrderAndAreDeduplicated()
    {
        const string body = """{"zzz":1,"spec":{"foo":1,"foo":2},"aaa":2}""";
        Assert.Equal(["unknown field \"zzz\"", "unknown field \"spec.foo\"", "unknown field \"aaa\""], Validator.Validate(Utf8(body), Deployment));
    }

    [Theory]
    [InlineData("IntOrString as object", """{"spec":{"strategy":{"rollingUpdate":{"maxSurge":{"x":1}}}}}""")]
    [InlineData("Quantity", """{"spec":{"template":{"spec":{"containers":[{"name":"a","resources":{"requests":{"cpu":1}}}]}}}}""")]
    [InlineData("managedFields fieldsV1", """{"metadata":{"managedFields":[{"manager":"m","fieldsV1":{"f:spec":{"f:anything":{}}}}]}}""")]
    [InlineData("null spec", """{"spec":null}""")]
    public void Validate_OpaqueOrScalarValues_AreNotDescended(string name, string body)
    {
        _ = name;
        Assert.Empty(Validator.Validate(Utf8(body), Deployment));
    }

    [Fact]
    public void Validate_RawExtensionInsideControllerRevision_IsOpaque() =>
        Assert.Empty(Validator.Validate(Utf8("""{"revision":1,"data":{"anything":{"goes":1}}}"""), "io.k8s.api.apps.v1.ControllerRevision"));

    [Fact]
    public void Validate_CrdSchemaRecursion_ChecksJsonSchemaProps()
    {
        const string crd = """
            {"spec":{"group":"g","names":{"kind":"K","plural":"ks"},"scope":"Namespaced",
             "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object",
               "properties":{"spec":{"type":"object","properties":{"a":{"type":"string","bogus":1}}}}}}}]}}
            """;
        Assert.Equal(["unknown field \"spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.a.bogus\""],
            Validator.Validate(Utf8(crd), "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"));
    }

    [Fact]
    public void ValidateCustomResource_GoodBody_HasNoFindings()
    {
        const string body = """
            {"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"c"},
             "spec":{"cronSpec":"* * * * *","labels":{"a":"b"},"steps":[{"name":"s"}],
               "extra":{"anything":{"x":1},"known":{"a":"b"}},
               "template":{"apiVersion":"v1","kind":"Pod","metadata":{"whatever":1},"spec":{}}}}
            """;
        Assert.Empty(Validator.ValidateCustomResource(Element(body), CronTabSchema));
    }

    [Fact]
    public void ValidateCustomResource_UnknownFields_AreSortedLikePruning()
    {
        const string body = """
            {"apiVersion":"stable.example.com/v1","kind":"CronTab","metadata":{"name":"c","bogus":1},
             "spec":{"zeta":1,"steps":[{"name":"s"},{"nme":"t"}],"extra":{"known":{"b":1}}},"alpha":true}
            """;
        Assert.Equal(
            [
                "unknown field \"alpha\"",
                "unknown field \"metadata.bogus\"",
                "unknown field \"spec.extra.known.b\"",
                "unknown field \"spec.steps[1].nme\"",
                "unknown field \"spec.zeta\"",
            ],
            Validator.ValidateCustomResource(Element(body), CronTabSchema));
    }

    [Fact]
    public void ValidateCustomResource_DuplicateFields_ComeFirst()
    {
        const string body = """{"kind":"CronTab","spec":{"cronSpec":"a","cronSpec":"b","zeta":1}}""";
        Assert.Equal(["duplicate field \"spec.cronSpec\"", "unknown field \"spec.zeta\""], Validator.ValidateCustomResource(Element(body), CronTabSchema));
    }

    [Fact]
    public void StrictDecodingMessage_JoinsLikeUpstream() =>
        Assert.Equal("strict decoding error: unknown field \"spec.foo\", duplicate field \"metadata.name\"",
            FieldValidator.StrictDecodingMessage(["unknown field \"spec.foo\"", "duplicate field \"metadata.name\""]));

    private static JsonElement CronTabSchema => TestResources.CronTab.CustomResourceSchema!.Value;

    private static ReadOnlyMemory<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);

    private static JsonElement Element(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
