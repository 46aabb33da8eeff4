namespace Wharf.Network.Tests.Proxy;

/// <summary>Real packets through the proxy's rules, between network namespaces (see <see cref="DatapathFixture"/>).</summary>
public sealed class DatapathTests(DatapathFixture fixture) : IClassFixture<DatapathFixture>
{
    private const int CouldNotConnect = 7; // curl's code for a refused connection; a silent drop would time out (28)

    [RootTheory]
    [InlineData("from a pod", 1)]
    [InlineData("from the node itself", -1)]
    public void ClusterIpReachesBothBackends(string _, int from)
    {
        var client = from < 0 ? fixture.Node : fixture.Pods[from];

        var answers = Enumerable.Range(0, 30).Select(_ => fixture.Get(client, "http://10.43.0.5/")).ToList();

        Assert.True(answers.All(a => a.Body is not null), string.Join("; ", answers.Select(a => a.Output.Trim()).Distinct()));
        Assert.Equal(["pod1", "pod2"], answers.Select(a => a.Body).ToHashSet().Order());
    }

    [RootTheory]
    [InlineData("on 127.0.0.1 from the node", -1, "127.0.0.1")]
    [InlineData("on the node address from a pod", 1, DatapathFixture.NodeIp)]
    public void NodePortReachesTheService(string _, int from, string address)
    {
        var client = from < 0 ? fixture.Node : fixture.Pods[from];

        var answer = fixture.Get(client, $"http://{address}:30080/");

        Assert.True(answer.Body is "pod1" or "pod2", answer.Output);
    }

    [RootTheory]
    [InlineData("service without endpoints", "http://10.43.0.11/")]
    [InlineData("unallocated service address", "http://10.43.0.99/")]
    [InlineData("wrong port of a service", "http://10.43.0.5:81/")]
    public void NothingToAnswerIsRefusedAtOnce(string _, string url)
    {
        var answer = fixture.Get(fixture.Pods[0], url);

        Assert.Null(answer.Body);
        Assert.True(answer.ExitCode == CouldNotConnect, answer.Output);
        Assert.True(answer.Elapsed < TimeSpan.FromSeconds(2), $"took {answer.Elapsed}");
    }

    [RootFact]
    public void SessionAffinityStaysOnOneBackend()
    {
        var answers = Enumerable.Range(0, 15).Select(_ => fixture.Get(fixture.Pods[1], "http://10.43.0.6/")).ToList();

        Assert.True(answers.All(a => a.Body is not null), string.Join("; ", answers.Select(a => a.Output.Trim()).Distinct()));
        Assert.Single(answers.Select(a => a.Body).Distinct());
    }

    [RootFact]
    public void PodReachesItselfThroughItsService()
    {
        var answer = fixture.Get(fixture.Pods[0], "http://10.43.0.7/");

        Assert.Equal("pod1", answer.Body);
    }

    [RootFact]
    public async Task NodeLocalServiceIsLeftToTheProcessBoundToIt()
    {
        var root = Directory.CreateTempSubdirectory("wharf-proxy-local-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(root, "index.html"), "node\n");
            fixture.Node.Start("busybox", "httpd", "-f", "-p", "10.43.0.10:8053", "-h", root);
            string? body = null;
            for (var attempt = 0; attempt < 30 && body is null; attempt++)
            {
                body = fixture.Get(fixture.Pods[0], "http://10.43.0.10:8053/").Body;
                if (body is null) await Task.Delay(100);
            }

            Assert.Equal("node", body);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
