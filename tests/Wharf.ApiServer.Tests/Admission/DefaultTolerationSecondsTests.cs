using System.Text.Json.Nodes;
using Wharf.ApiServer.Admission;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Tests.Admission;

public sealed class DefaultTolerationSecondsTests
{
    private static readonly ResourceCatalog Catalog = BuiltInResources.CreateCatalog();

    private static JsonObject Pod(string? tolerationsJson) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject { ["name"] = "p", ["namespace"] = "default" },
        ["spec"] = tolerationsJson is null
            ? new JsonObject()
            : new JsonObject { ["tolerations"] = JsonNode.Parse(tolerationsJson) },
    };

    private static async Task<JsonArray?> AdmitAsync(JsonObject obj, AdmissionOperation operation = AdmissionOperation.Create,
        string plural = "pods", string? subresource = null)
    {
        var kind = Catalog.Find("", "v1", plural)!;
        await new DefaultTolerationSeconds().AdmitAsync(
            new AdmissionRequest(operation, kind, "default", "p", obj, null, subresource, false), CancellationToken.None);
        return obj["spec"]?["tolerations"] as JsonArray;
    }

    private static string Describe(JsonArray? tolerations) => string.Join(";", (tolerations ?? []).OfType<JsonObject>().Select(t =>
        $"{t["key"]?.GetValue<string>()}|{t["operator"]?.GetValue<string>()}|{t["effect"]?.GetValue<string>()}|{t["tolerationSeconds"]}"));

    [Theory]
    [InlineData("no tolerations", null,
        "node.kubernetes.io/not-ready|Exists|NoExecute|300;node.kubernetes.io/unreachable|Exists|NoExecute|300")]
    [InlineData("unrelated toleration kept", """[{"key":"gpu","operator":"Exists","effect":"NoSchedule"}]""",
        "gpu|Exists|NoSchedule|;node.kubernetes.io/not-ready|Exists|NoExecute|300;node.kubernetes.io/unreachable|Exists|NoExecute|300")]
    [InlineData("own not-ready toleration wins", """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":5}]""",
        "node.kubernetes.io/not-ready|Exists|NoExecute|5;node.kubernetes.io/unreachable|Exists|NoExecute|300")]
    [InlineData("not-ready for NoSchedule only does not count", """[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoSchedule"}]""",
        "node.kubernetes.io/not-ready|Exists|NoSchedule|;node.kubernetes.io/not-ready|Exists|NoExecute|300;node.kubernetes.io/unreachable|Exists|NoExecute|300")]
    [InlineData("tolerate everything", """[{"operator":"Exists"}]""", "|Exists||")]
    [InlineData("any key for NoExecute", """[{"operator":"Exists","effect":"NoExecute"}]""", "|Exists|NoExecute|")]
    [InlineData("unreachable without effect", """[{"key":"node.kubernetes.io/unreachable","operator":"Exists"}]""",
        "node.kubernetes.io/unreachable|Exists||;node.kubernetes.io/not-ready|Exists|NoExecute|300")]
    public async Task Create_AddsTheMissingNoExecuteTolerations(string name, string? given, string expected)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Equal(expected, Describe(await AdmitAsync(Pod(given))));
    }

    [Theory]
    [InlineData("update", AdmissionOperation.Update, "pods", null)]
    [InlineData("status subresource", AdmissionOperation.Create, "pods", "status")]
    [InlineData("other kind", AdmissionOperation.Create, "configmaps", null)]
    public async Task LeavesOtherRequestsAlone(string name, AdmissionOperation operation, string plural, string? subresource)
    {
        Assert.False(string.IsNullOrEmpty(name));
        Assert.Null(await AdmitAsync(Pod(null), operation, plural, subresource));
    }
}
