using System.Net;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Admission;

/// <summary>ServiceAccount admission through the whole server: what a created pod looks like when stored.</summary>
[Collection(ServerCollection.Name)]
public sealed class ServiceAccountAdmissionTests(ServerFixture server)
{
    private const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    [Fact]
    public async Task A_pod_gets_the_default_account_and_a_projected_token_volume_mounted_in_every_container()
    {
        var ns = await NamespaceAsync("sa-default");

        var pod = await CreatePodAsync(ns, "p", "{'initContainers':[{'name':'init','image':'i'}],'containers':[{'name':'a','image':'i'},{'name':'b','image':'i'}]}");

        var spec = pod["spec"]!;
        Assert.Equal("default", (string)spec["serviceAccountName"]!);
        var volume = spec["volumes"]!.AsArray().Single()!;
        var name = (string)volume["name"]!;
        Assert.Matches("^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$", name);
        var sources = volume["projected"]!["sources"]!.AsArray();
        Assert.Equal(3607, (long)sources[0]!["serviceAccountToken"]!["expirationSeconds"]!);
        Assert.Equal("kube-root-ca.crt", (string)sources[1]!["configMap"]!["name"]!);
        Assert.Equal("metadata.namespace", (string)sources[2]!["downwardAPI"]!["items"]![0]!["fieldRef"]!["fieldPath"]!);
        foreach (var container in spec["initContainers"]!.AsArray().Concat(spec["containers"]!.AsArray()))
        {
            var mount = container!["volumeMounts"]!.AsArray().Single()!;
            Assert.Equal((name, MountPath, true), ((string)mount["name"]!, (string)mount["mountPath"]!, (bool)mount["readOnly"]!));
        }
    }

    [Theory]
    [InlineData("pod says no", "{'automountServiceAccountToken':false,'containers':[{'name':'a','image':'i'}]}", false)]
    [InlineData("account says no", "{'serviceAccountName':'quiet','containers':[{'name':'a','image':'i'}]}", false)]
    [InlineData("pod overrides account", "{'serviceAccountName':'quiet','automountServiceAccountToken':true,'containers':[{'name':'a','image':'i'}]}", true)]
    public async Task Automount_follows_the_pod_then_the_service_account(string name, string podSpec, bool mounted)
    {
        var ns = await NamespaceAsync("sa-auto-" + name.Replace(' ', '-'));
        await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts",
            "{'metadata':{'name':'quiet'},'automountServiceAccountToken':false,'imagePullSecrets':[{'name':'regcred'}]}");

        var pod = await CreatePodAsync(ns, "p", podSpec);

        Assert.Equal(mounted, pod["spec"]!["volumes"] is JsonArray { Count: > 0 });
        Assert.Equal(mounted, pod["spec"]!["containers"]![0]!["volumeMounts"] is JsonArray { Count: > 0 });
        if ((string?)pod["spec"]!["serviceAccountName"] == "quiet")
            Assert.Equal("regcred", (string)pod["spec"]!["imagePullSecrets"]![0]!["name"]!);
    }

    [Fact]
    public async Task A_container_with_its_own_mount_at_the_path_is_left_alone()
    {
        var ns = await NamespaceAsync("sa-own");

        var pod = await CreatePodAsync(ns, "p",
            $"{{'volumes':[{{'name':'mine','emptyDir':{{}}}}],'containers':[{{'name':'a','image':'i','volumeMounts':[{{'name':'mine','mountPath':'{MountPath}'}}]}},{{'name':'b','image':'i'}}]}}");

        var containers = pod["spec"]!["containers"]!.AsArray();
        Assert.Equal(["mine"], containers[0]!["volumeMounts"]!.AsArray().Select(m => (string)m!["name"]!));
        Assert.StartsWith("kube-api-access-", (string)containers[1]!["volumeMounts"]![0]!["name"]!);
    }

    [Theory]
    [InlineData("named account", "{'serviceAccountName':'missing','containers':[{'name':'a','image':'i'}]}", "missing")]
    [InlineData("default account", "{'containers':[{'name':'a','image':'i'}]}", "default")]
    public async Task A_pod_naming_a_missing_account_is_forbidden(string name, string podSpec, string account)
    {
        var ns = await NamespaceAsync("sa-missing-" + name.Replace(' ', '-'), withDefaultAccount: false);

        var (code, body, _) = await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", $"{{'metadata':{{'name':'p'}},'spec':{podSpec}}}");

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal(("Forbidden", $"pods \"p\" is forbidden: error looking up service account {ns}/{account}: serviceaccount \"{account}\" not found"),
            ((string?)body?["reason"], (string?)body?["message"]));
        Assert.Equal(("p", "pods"), ((string?)body?["details"]?["name"], (string?)body?["details"]?["kind"]));
        var (after, _, _) = await server.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/p");
        Assert.Equal(HttpStatusCode.NotFound, after);
    }

    [Fact]
    public async Task A_generated_pod_is_named_by_its_prefix_when_forbidden()
    {
        var ns = await NamespaceAsync("sa-missing-generated");

        var (code, body, _) = await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods",
            "{'metadata':{'generateName':'web-5d4f8c7b9-'},'spec':{'serviceAccountName':'missing','containers':[{'name':'a','image':'i'}]}}");

        Assert.Equal(HttpStatusCode.Forbidden, code);
        Assert.Equal($"pods \"web-5d4f8c7b9-\" is forbidden: error looking up service account {ns}/missing: serviceaccount \"missing\" not found", (string?)body?["message"]);
    }

    [Fact]
    public async Task A_pod_created_before_its_default_account_waits_for_it()
    {
        var ns = await NamespaceAsync("sa-late-default", withDefaultAccount: false);

        // The ServiceAccount controller's part, a moment after the namespace appeared.
        var late = Task.Run(async () =>
        {
            await Task.Delay(300);
            await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/serviceaccounts", "{'metadata':{'name':'default'}}");
        });
        var pod = await CreatePodAsync(ns, "p", "{'containers':[{'name':'a','image':'i'}]}");
        await late;

        Assert.Equal("default", (string)pod["spec"]!["serviceAccountName"]!);
    }

    /// <summary>
    /// A namespace as the controllers leave it: this server runs no ServiceAccount controller, so the test creates
    /// the <c>default</c> account itself unless it wants it missing.
    /// </summary>
    private async Task<string> NamespaceAsync(string name, bool withDefaultAccount = true)
    {
        var (code, _, _) = await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces", $"{{'metadata':{{'name':'{name}'}}}}");
        Assert.True(code is HttpStatusCode.Created or HttpStatusCode.Conflict, code.ToString());
        if (withDefaultAccount)
            await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{name}/serviceaccounts", "{'metadata':{'name':'default'}}");
        return name;
    }

    private async Task<JsonNode> CreatePodAsync(string ns, string name, string spec)
    {
        var (code, body, _) = await server.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/pods", $"{{'metadata':{{'name':'{name}'}},'spec':{spec}}}");
        Assert.True(code == HttpStatusCode.Created, body?.ToJsonString());
        return body!;
    }
}
