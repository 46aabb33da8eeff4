using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Server;

/// <summary>
/// Random and damaged bodies and patches against the running server: every failure must be a 4xx Status (never a
/// 500), and a refused request must leave the stored objects as they were. Seeds are fixed so a failure replays.
/// </summary>
[Collection(ServerCollection.Name)]
public sealed class FuzzTests(ServerFixture server)
{
    private const string ConfigMapJson = """{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"fuzz-a","labels":{"app":"x"}},"data":{"k":"v","n":"1"}}""";
    private const string ConfigMapYaml = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: fuzz-b\n  labels:\n    app: x\ndata:\n  k: v\n  list: \"[1,2]\"\n";
    private static readonly string[] JsonSnippets = ["{", "}", "[", "]", "\"", ":", ",", "null", "true", "1e999", "-0", "\"\\u0000\"", "{\"a\":", "\\", "\u00e9", "\uD800"];

    /// <summary>
    /// Damages a body. With <paramref name="rawBytes"/> any byte may appear (invalid UTF-8 included); without, the
    /// result stays valid UTF-8 text so that the known invalid-UTF-8 gaps do not mask everything else.
    /// </summary>
    private static byte[] Mutate(Random random, byte[] valid, bool rawBytes)
    {
        switch (random.Next(5))
        {
            case 0:
                return valid[..random.Next(valid.Length)];
            case 1 when rawBytes:
            {
                var copy = (byte[])valid.Clone();
                for (var i = 0; i < 1 + random.Next(4); i++) copy[random.Next(copy.Length)] = (byte)random.Next(256);
                return copy;
            }
            case 1:
            {
                var chars = Encoding.UTF8.GetString(valid).ToCharArray();
                for (var i = 0; i < 1 + random.Next(4); i++) chars[random.Next(chars.Length)] = (char)random.Next(0x20, 0x7f);
                return Encoding.UTF8.GetBytes(chars);
            }
            case 2:
            {
                var text = Encoding.UTF8.GetString(valid);
                var at = random.Next(text.Length);
                return Encoding.UTF8.GetBytes(text[..at] + JsonSnippets[random.Next(JsonSnippets.Length)] + text[at..]);
            }
            case 3 when rawBytes:
            {
                var bytes = new byte[random.Next(1, 64)];
                random.NextBytes(bytes);
                return bytes;
            }
            case 3:
                return Encoding.UTF8.GetBytes(new string(Enumerable.Range(0, random.Next(1, 64)).Select(_ => (char)random.Next(0x20, 0x7f)).ToArray()));
            default:
            {
                var text = Encoding.UTF8.GetString(valid);
                var at = random.Next(text.Length);
                return Encoding.UTF8.GetBytes(text.Remove(at, Math.Min(text.Length - at, 1 + random.Next(8))));
            }
        }
    }

    private static byte[] ProtobufLike(Random random)
    {
        var tail = new byte[random.Next(0, 48)];
        random.NextBytes(tail);
        // Mostly with the envelope magic so the decoder gets past the first check.
        return random.Next(4) == 0 ? tail : [.. "k8s\0"u8.ToArray(), .. tail];
    }

    /// <summary>Records a server error or a failure without a Status; the test reports them all at the end.</summary>
    private static void CheckClientError(List<string> failures, HttpStatusCode code, JsonNode? body, string what)
    {
        if ((int)code >= 500)
            failures.Add($"{what} → {(int)code} {(string?)body?["message"]}");
        else if ((int)code >= 400 && !(body is JsonObject o && (string?)o["kind"] == "Status" && (int?)o["code"] == (int)code))
            failures.Add($"{what} → {(int)code} without a Status: {body?.ToJsonString()}");
    }

    private async Task EnsureNamespaceAsync(string name) =>
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces", $"{{'metadata':{{'name':'{name}'}}}}");

    [Fact]
    public Task RandomCreateBodies_OnlyClientErrorsAndOnlyAcceptedOnesStored() => CreateFuzzAsync("fuzz-create", rawBytes: false);

    [Fact]
    public Task RandomCreateBodiesWithRawBytes_OnlyClientErrors() => CreateFuzzAsync("fuzz-create-raw", rawBytes: true);

    private async Task CreateFuzzAsync(string ns, bool rawBytes)
    {
        await EnsureNamespaceAsync(ns);
        var random = new Random(1234);
        var created = 0;
        var failures = new List<string>();
        for (var i = 0; i < 150; i++)
        {
            var (contentType, body) = (i % 3) switch
            {
                0 => ("application/json", Mutate(random, Encoding.UTF8.GetBytes(ConfigMapJson), rawBytes)),
                1 => ("application/yaml", Mutate(random, Encoding.UTF8.GetBytes(ConfigMapYaml), rawBytes)),
                _ => ("application/vnd.kubernetes.protobuf", ProtobufLike(random)),
            };
            var (code, json, _) = await server.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", body, contentType);
            CheckClientError(failures, code, json, $"POST #{i} {contentType} base64:{Convert.ToBase64String(body)}");
            if (code == HttpStatusCode.Created) created++;
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        var (_, list, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/configmaps");
        Assert.Equal(created, list!["items"]!.AsArray().Count);
    }

    [Fact]
    public Task RandomPatches_OnlyClientErrorsAndRefusedOnesChangeNothing() => PatchFuzzAsync("fuzz-patch", rawBytes: false);

    [Fact]
    public Task RandomPatchesWithRawBytes_OnlyClientErrors() => PatchFuzzAsync("fuzz-patch-raw", rawBytes: true);

    private async Task PatchFuzzAsync(string ns, bool rawBytes)
    {
        await EnsureNamespaceAsync(ns);
        await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps", "{'metadata':{'name':'target','labels':{'app':'x'}},'data':{'k':'v'}}");
        var path = $"/api/v1/namespaces/{ns}/configmaps/target";
        var random = new Random(4321);
        var failures = new List<string>();
        string[] types = ["application/json-patch+json", "application/merge-patch+json", "application/strategic-merge-patch+json", "application/apply-patch+yaml"];

        for (var i = 0; i < 200; i++)
        {
            var (_, before, _) = await server.SendAsync(HttpMethod.Get, path);
            Assert.NotNull(before);
            var type = types[i % types.Length];
            var patch = PatchFor(random, type, rawBytes);
            var url = type == "application/apply-patch+yaml" ? $"{path}?fieldManager=fuzz{(random.Next(2) == 0 ? "&force=true" : "")}" : path;
            var (code, json, _) = await server.SendAsync(HttpMethod.Patch, url, patch, type);
            var what = $"PATCH #{i} {type} base64:{Convert.ToBase64String(patch)}";
            CheckClientError(failures, code, json, what);

            var (getCode, after, _) = await server.SendAsync(HttpMethod.Get, path);
            if ((int)code >= 400)
            {
                Assert.Equal(HttpStatusCode.OK, getCode);
                Assert.True(JsonNode.DeepEquals(before, after), $"{what} was refused with {(int)code} but changed the object");
            }
            else if (getCode != HttpStatusCode.OK)
            {
                // An accepted patch may not delete the object; recreate so later patches have a target.
                Assert.Fail($"{what} → {(int)code} but the object is gone ({(int)getCode})");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static byte[] PatchFor(Random random, string type, bool rawBytes)
    {
        var text = type switch
        {
            "application/json-patch+json" => JsonPatch(random),
            "application/merge-patch+json" => RandomObject(random, strategic: false).ToJsonString(),
            "application/strategic-merge-patch+json" => RandomObject(random, strategic: true).ToJsonString(),
            _ => ApplyYaml(random),
        };
        var bytes = Encoding.UTF8.GetBytes(text);
        return random.Next(4) == 0 ? Mutate(random, bytes, rawBytes) : bytes;
    }

    [Theory]
    [InlineData("json create", "POST", "/api/v1/namespaces/fuzz-utf8/configmaps", "application/json", "{\"metadata\":{\"\u0001ame\":\"x\"}}")]
    [InlineData("json patch", "PATCH", "/api/v1/namespaces/fuzz-utf8/configmaps/target", "application/json-patch+json", "[{\"op\":\"add\",\"path\":\"/data/a\",\"valu\u0001\":1}]")]
    [InlineData("yaml create with unknown field", "POST", "/api/v1/namespaces/fuzz-utf8/configmaps", "application/yaml", "metadata:\n  name: y\nmet\u0001data: 1\n")]
    public async Task InvalidUtf8Body_IsClientError(string name, string method, string path, string contentType, string body)
    {
        _ = name;
        await EnsureNamespaceAsync("fuzz-utf8");
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/fuzz-utf8/configmaps", "{'metadata':{'name':'target'},'data':{'k':'v'}}");
        // \u0001 in the literal marks where an invalid UTF-8 byte (0xE9 without continuation) goes.
        var bytes = Encoding.UTF8.GetBytes(body).SelectMany(b => b == 1 ? new byte[] { 0xE9 } : [b]).ToArray();
        var (code, _, _) = await server.SendAsync(new HttpMethod(method), path, bytes, contentType);
        Assert.InRange((int)code, 400, 499);
    }

    private static readonly string[] Paths = ["/data/k", "/data/new", "/data", "/metadata/name", "/metadata/labels/app", "/metadata/labels/a~1b", "/kind", "/apiVersion", "/metadata/resourceVersion", "/metadata/uid", "/x/y/z", "", "/data/-", "/metadata/finalizers", "/metadata/finalizers/0", "~2"];
    private static readonly string[] Ops = ["add", "remove", "replace", "move", "copy", "test", "frob"];

    private static string JsonPatch(Random random)
    {
        var ops = new JsonArray();
        for (var n = 0; n < 1 + random.Next(3); n++)
        {
            var op = new JsonObject { ["op"] = Ops[random.Next(Ops.Length)], ["path"] = Paths[random.Next(Paths.Length)] };
            if (random.Next(3) > 0) op["value"] = RandomValue(random, 2);
            if (random.Next(3) == 0) op["from"] = Paths[random.Next(Paths.Length)];
            ops.Add(op);
        }
        return random.Next(10) == 0 ? ops[0]!.ToJsonString() : ops.ToJsonString();
    }

    private static readonly string[] Keys = ["data", "metadata", "kind", "apiVersion", "binaryData", "immutable", "name", "labels", "finalizers", "resourceVersion", "generateName", "uid", "x"];

    private static JsonNode? RandomValue(Random random, int depth) => random.Next(depth <= 0 ? 5 : 7) switch
    {
        0 => null,
        1 => JsonValue.Create(random.Next(-3, 70000)),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => JsonValue.Create(new string((char)random.Next('a', 'z' + 1), random.Next(0, 5))),
        4 => JsonValue.Create(random.Next(2) == 0 ? "Bad_Value!" : "v"),
        5 => new JsonArray(Enumerable.Range(0, random.Next(3)).Select(_ => RandomValue(random, depth - 1)).ToArray()),
        _ => RandomObject(random, strategic: false, depth - 1),
    };

    private static JsonObject RandomObject(Random random, bool strategic, int depth = 3)
    {
        var obj = new JsonObject();
        for (var n = 0; n < random.Next(4); n++)
            obj[Keys[random.Next(Keys.Length)]] = RandomValue(random, depth);
        if (strategic && random.Next(3) == 0)
            obj[random.Next(2) == 0 ? "$patch" : "$retainKeys"] = random.Next(3) switch { 0 => "replace", 1 => "delete", _ => "bogus" };
        if (random.Next(3) == 0)
            obj["data"] = new JsonObject { ["k"] = RandomValue(random, 0) };
        return obj;
    }

    private static string ApplyYaml(Random random)
    {
        var name = random.Next(4) == 0 ? "other" : "target";
        var kind = random.Next(6) == 0 ? "Secret" : "ConfigMap";
        var value = random.Next(3) switch { 0 => "plain", 1 => "[1, 2]", _ => "{a: b}" };
        return $"apiVersion: v1\nkind: {kind}\nmetadata:\n  name: {name}\ndata:\n  k: {value}\n";
    }
}
