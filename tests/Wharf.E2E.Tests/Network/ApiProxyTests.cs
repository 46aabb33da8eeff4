using System.Net;
using System.Text.RegularExpressions;
using Wharf.E2E.Tests.Harness;

namespace Wharf.E2E.Tests.Network;

/// <summary>
/// <c>kubectl proxy</c> in front of the API server's services/proxy and pods/proxy subresources: the request goes
/// kubectl → API server → a ready pod's address, as upstream's proxy does.
/// </summary>
[Collection(NodeCollection.Name)]
public sealed partial class ApiProxyTests(NodeServerFixture fixture)
{
    [Fact]
    public async Task Kubectl_proxy_reaches_every_backend_of_a_service_and_a_pod_by_port_name()
    {
        var ns = await fixture.CreateNamespaceAsync("apiproxy");
        using var kubectl = fixture.Kubectl();
        await WebBackends.DeployAsync(kubectl, ns, "web", replicas: 2);
        (await kubectl.RunAsync("expose", "deployment", "web", "-n", ns, "--port=80", "--target-port=8080")).EnsureSuccess();
        await WebBackends.WaitForEndpointsAsync(kubectl, ns, "web", 2);
        var pods = await WebBackends.PodNamesAsync(kubectl, ns, "web");

        await using var proxy = await kubectl.StartAsync(["proxy", "--port=0"], new KubectlOptions { Timeout = TimeSpan.FromSeconds(60) }, CancellationToken.None);
        Assert.True(await proxy.WaitForOutputAsync(o => StartingToServe().IsMatch(o), TimeSpan.FromSeconds(15), CancellationToken.None),
            $"kubectl proxy never listened:\n{proxy.StdOut}{proxy.StdErr}");
        var port = StartingToServe().Match(proxy.StdOut).Groups[1].Value;
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        var serviceUrl = $"http://127.0.0.1:{port}/api/v1/namespaces/{ns}/services/web:80/proxy";

        var answered = new HashSet<string>();
        for (var i = 0; i < 40 && answered.Count < pods.Count; i++)
            answered.Add((await http.GetStringAsync(serviceUrl + "/index.html")).Trim());
        using var redirect = await http.GetAsync(serviceUrl);
        var podName = pods.First();
        var byPortName = await http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/namespaces/{ns}/pods/{podName}:http/proxy/index.html");
        using var missingPort = await http.GetAsync($"http://127.0.0.1:{port}/api/v1/namespaces/{ns}/services/web:81/proxy/");

        Assert.Equal(pods, answered);
        Assert.Equal(HttpStatusCode.MovedPermanently, redirect.StatusCode);
        Assert.Equal($"/api/v1/namespaces/{ns}/services/web:80/proxy/", redirect.Headers.Location?.OriginalString);
        Assert.Equal(podName, byPortName.Trim());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, missingPort.StatusCode);
        Assert.Contains("no service port 81 found for service", await missingPort.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_service_without_ready_endpoints_answers_503()
    {
        var ns = await fixture.CreateNamespaceAsync("apiproxy-empty");
        using var kubectl = fixture.Kubectl();
        (await kubectl.RunAsync("create", "service", "clusterip", "empty", "-n", ns, "--tcp=80:8080")).EnsureSuccess();

        var result = await kubectl.RunAsync("get", "--raw", $"/api/v1/namespaces/{ns}/services/empty:80/proxy/");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("no endpoints available for service", result.StdErr);
    }

    [GeneratedRegex(@"Starting to serve on 127\.0\.0\.1:(\d+)")]
    private static partial Regex StartingToServe();
}
