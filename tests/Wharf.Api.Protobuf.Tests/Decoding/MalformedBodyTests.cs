namespace Wharf.Api.Protobuf.Tests.Decoding;

/// <summary>Bodies the server must answer with 400: each gives a ProtobufDecodeException with a clear message.</summary>
public sealed class MalformedBodyTests
{
    public static TheoryData<string, byte[], string> Cases() => new()
    {
        { "json body", "{\"kind\":\"Pod\"}"u8.ToArray(), "magic" },
        { "magic only", "k8s\0"u8.ToArray(), "apiVersion and kind" },
        { "unknown kind", ProtoWriter.Envelope("v1", "Gizmo", []), "no protobuf schema for kind \"Gizmo\" in \"v1\"" },
        { "unknown group", ProtoWriter.Envelope("example.com/v1", "Pod", []), "no protobuf schema" },
        { "missing kind", ProtoWriter.Envelope("v1", "", []), "apiVersion and kind" },
        {
            "name as varint",
            ProtoWriter.Envelope("v1", "Namespace", new ProtoWriter().Message(1, m => m.Varint(1, 5)).ToArray()),
            "ObjectMeta.name (field 1) arrived as wire type Varint, expected LengthDelimited"
        },
        {
            "length past the end",
            ProtoWriter.Envelope("v1", "Namespace", new ProtoWriter().Tag(1, 2).RawVarint(1_000_000).ToArray()),
            "truncated"
        },
        {
            "huge length",
            ProtoWriter.Envelope("v1", "Namespace", new ProtoWriter().Tag(1, 2).RawVarint(ulong.MaxValue).ToArray()),
            "truncated"
        },
        { "group wire type", ProtoWriter.Envelope("v1", "Namespace", new ProtoWriter().Tag(1, 3).ToArray()), "wire type 3" },
        { "field zero", ProtoWriter.Envelope("v1", "Namespace", new ProtoWriter().Tag(0, 0).RawVarint(1).ToArray()), "field number 0" },
        {
            "gzip content encoding",
            [.. "k8s\0"u8.ToArray(), .. new ProtoWriter().Message(1, m => m.String(1, "v1").String(2, "Namespace")).String(3, "gzip").ToArray()],
            "content encoding"
        },
        {
            "impossible IntOrString",
            ProtoWriter.Envelope("v1", "Service", new ProtoWriter().Message(2, s => s.Message(1, p => p.Message(4, t => t.Varint(1, 7)))).ToArray()),
            "IntOrString"
        },
        {
            "NaN maximum",
            ProtoWriter.Envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", new ProtoWriter()
                .Message(2, s => s.Message(7, v => v.Message(4, val => val.Message(1, p => p.Fixed64(9, BitConverter.DoubleToUInt64Bits(double.NaN))))))
                .ToArray()),
            "non-finite"
        },
        { "over-deep schema", ProtoWriter.Envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", DeepCrd(200)), "nesting deeper than" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decode_MalformedBody_ThrowsProtobufDecodeException(string name, byte[] body, string messagePart)
    {
        var error = Assert.Throws<ProtobufDecodeException>(() => KubernetesProtobuf.Decode(body));

        Assert.Contains(messagePart, error.Message);
        Assert.Null(error.InnerException);
        Assert.NotEmpty(name);
    }

    [Fact]
    public void Decode_ModeratelyDeepSchema_IsAccepted()
    {
        var crd = KubernetesProtobuf.Decode(ProtoWriter.Envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", DeepCrd(10)));

        Assert.NotNull(crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!["properties"]!["p"]!["properties"]);
    }

    [Fact]
    public void Decode_DeepestAcceptedSchema_StillSerialisesWithDefaultOptions()
    {
        var deepest = Enumerable.Range(1, 40)
            .Select(levels => ProtoWriter.Envelope("apiextensions.k8s.io/v1", "CustomResourceDefinition", DeepCrd(levels)))
            .TakeWhile(body => !Throws(body))
            .Last();

        var json = KubernetesProtobuf.Decode(deepest).ToJsonString();

        Assert.StartsWith("{\"apiVersion\":\"apiextensions.k8s.io/v1\"", json);
        Assert.Contains("\"properties\":{\"p\":{\"type\":\"object\",\"properties\"", json);
    }

    private static bool Throws(byte[] body)
    {
        try
        {
            KubernetesProtobuf.Decode(body);
            return false;
        }
        catch (ProtobufDecodeException)
        {
            return true;
        }
    }

    // A CRD whose schema nests `levels` properties maps: spec.versions[0].schema.openAPIV3Schema.properties.p...
    private static byte[] DeepCrd(int levels)
    {
        var schema = new ProtoWriter().String(5, "string").ToArray();
        for (var i = 0; i < levels; i++)
        {
            var inner = schema;
            schema = new ProtoWriter().String(5, "object").MapEntry(29, "p", v => v.Bytes(2, inner)).ToArray();
        }

        return new ProtoWriter().Message(2, s => s.Message(7, v => v.String(1, "v1").Message(4, val => val.Bytes(1, schema)))).ToArray();
    }
}
