using System.Net;
using System.Text.Json.Nodes;
using Wharf.ApiServer.Tests.Support;

namespace Wharf.ApiServer.Tests.Admission;

/// <summary>DefaultIngressClass admission through the whole server.</summary>
[Collection(ServerCollection.Name)]
public sealed class DefaultIngressClassTests(ServerFixture server)
{
    [Fact]
    public async Task An_ingress_without_a_class_gets_the_default_one_and_a_named_or_annotated_one_keeps_its_choice()
    {
        var ns = "ingress-class";
        await server.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces", $"{{'metadata':{{'name':'{ns}'}}}}");
        await server.SendJsonAsync(HttpMethod.Post, "/apis/networking.k8s.io/v1/ingressclasses",
            "{'metadata':{'name':'plain'},'spec':{'controller':'example.com/plain'}}");
        await server.SendJsonAsync(HttpMethod.Post, "/apis/networking.k8s.io/v1/ingressclasses",
            "{'metadata':{'name':'chosen','annotations':{'ingressclass.kubernetes.io/is-default-class':'true'}},'spec':{'controller':'example.com/chosen'}}");

        var defaulted = await CreateAsync(ns, "{'metadata':{'name':'a'},'spec':{'defaultBackend':{'service':{'name':'s','port':{'number':80}}}}}");
        var named = await CreateAsync(ns, "{'metadata':{'name':'b'},'spec':{'ingressClassName':'plain','defaultBackend':{'service':{'name':'s','port':{'number':80}}}}}");
        var legacy = await CreateAsync(ns, "{'metadata':{'name':'c','annotations':{'kubernetes.io/ingress.class':'other'}},'spec':{'defaultBackend':{'service':{'name':'s','port':{'number':80}}}}}");

        Assert.Equal("chosen", (string?)defaulted["spec"]!["ingressClassName"]);
        Assert.Equal("plain", (string?)named["spec"]!["ingressClassName"]);
        Assert.Null(legacy["spec"]!["ingressClassName"]);
    }

    private async Task<JsonNode> CreateAsync(string ns, string json)
    {
        var (code, body, _) = await server.SendJsonAsync(HttpMethod.Post, $"/apis/networking.k8s.io/v1/namespaces/{ns}/ingresses", json);
        Assert.True(code == HttpStatusCode.Created, body?.ToJsonString());
        return body!;
    }
}
