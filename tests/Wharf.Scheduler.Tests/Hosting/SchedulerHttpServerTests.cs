using System.Net;
using System.Net.Sockets;
using Wharf.Scheduler.Hosting;
using Wharf.Scheduler.Tests.Hollow;

namespace Wharf.Scheduler.Tests.Hosting;

/// <summary>The standalone scheduler's /metrics and health endpoints, over a real loopback socket.</summary>
public sealed class SchedulerHttpServerTests
{
    [Fact]
    public async Task Metrics_ServeTheHostsCountersAfterAPodIsScheduled()
    {
        await using var env = await SchedulerEnvironment.StartAsync();
        await env.Nodes.AddAsync(new HollowNodeSpec("node-a"));
        var host = env.StartScheduler();
        await using var endpoint = SchedulerHttpServer.Start("127.0.0.1", FreePort(), host.WriteMetrics);
        using var http = new HttpClient { BaseAddress = endpoint.BaseAddress };
        await env.CreatePodAsync(ApiPods.Pod(SchedulerEnvironment.Namespace, "web"));
        await env.WaitForBindingAsync("web");

        using var response = await http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain; version=0.0.4", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("scheduler_schedule_attempts_total{profile=\"default-scheduler\",result=\"scheduled\"} 1\n", text);
        Assert.Contains("leader_election_master_status{name=\"kube-scheduler\"}", text);
    }

    [Theory]
    [InlineData("GET", "/healthz", HttpStatusCode.OK, "ok")]
    [InlineData("GET", "/livez", HttpStatusCode.OK, "ok")]
    [InlineData("GET", "/readyz", HttpStatusCode.OK, "ok")]
    [InlineData("GET", "/nothing-here", HttpStatusCode.NotFound, "404 page not found\n")]
    [InlineData("POST", "/metrics", HttpStatusCode.MethodNotAllowed, "method not allowed\n")]
    public async Task Paths_AnswerLikeKubeScheduler(string method, string path, HttpStatusCode status, string body)
    {
        await using var endpoint = SchedulerHttpServer.Start("127.0.0.1", FreePort(), w => w.Write("# none\n"));
        using var http = new HttpClient { BaseAddress = endpoint.BaseAddress };

        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(false, HttpStatusCode.InternalServerError, "[-]sched-handler-sync failed: reason withheld\nreadyz check failed\n")]
    [InlineData(true, HttpStatusCode.OK, "ok")]
    public async Task Readyz_FollowsTheReadinessCheck(bool ready, HttpStatusCode status, string body)
    {
        await using var endpoint = SchedulerHttpServer.Start("127.0.0.1", FreePort(), w => w.Write("# none\n"), isReady: () => ready);
        using var http = new HttpClient { BaseAddress = endpoint.BaseAddress };

        using var readyz = await http.GetAsync("/readyz");
        using var healthz = await http.GetAsync("/healthz");

        Assert.Equal(status, readyz.StatusCode);
        Assert.Equal(body, await readyz.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, healthz.StatusCode);
    }

    [Fact]
    public async Task HostIsSynced_OnceItsLoopHasTheInitialLists()
    {
        await using var env = await SchedulerEnvironment.StartAsync();
        await env.Nodes.AddAsync(new HollowNodeSpec("node-a"));
        Assert.False(new SchedulerHost(env.Server.NewClient(), new SchedulerHostOptions { LeaderElect = false }).IsSynced);
        var host = env.StartScheduler();

        await env.CreatePodAsync(ApiPods.Pod(SchedulerEnvironment.Namespace, "web"));
        await env.WaitForBindingAsync("web");

        Assert.True(host.IsSynced);
    }

    [Fact]
    public void Start_OnAPortInUse_Throws()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        Assert.ThrowsAny<SocketException>(() => SchedulerHttpServer.Start("127.0.0.1", port, _ => { }));
    }

    [Fact]
    public async Task Start_WhileAClientKeepsConnecting_ServesIt()
    {
        // A benchmark polls /readyz every few ms from the scheduler's launch; connections that arrive while the
        // endpoint starts must wait in the backlog, not break the start (HttpListener's did).
        for (var round = 0; round < 10; round++)
        {
            var port = FreePort();
            using var stop = new CancellationTokenSource();
            var poller = Task.Run(async () =>
            {
                using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(5) };
                while (true)
                {
                    try
                    {
                        using var response = await http.GetAsync("/readyz", stop.Token);
                        return response.StatusCode;
                    }
                    catch (HttpRequestException) { } // not listening yet
                }
            });
            await Task.Delay(5);

            await using var endpoint = SchedulerHttpServer.Start("127.0.0.1", port, _ => { });

            Assert.Equal(HttpStatusCode.OK, await poller.WaitAsync(TimeSpan.FromSeconds(10)));
        }
    }

    [Fact]
    public async Task Head_AnswersTheHeadersWithoutTheBody()
    {
        await using var endpoint = SchedulerHttpServer.Start("127.0.0.1", 0, w => w.Write("# none\n"));
        using var http = new HttpClient { BaseAddress = endpoint.BaseAddress };

        using var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/metrics?x=1"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(7, response.Content.Headers.ContentLength);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Garbage_IsABadRequest()
    {
        await using var endpoint = SchedulerHttpServer.Start("127.0.0.1", 0, _ => { });
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, endpoint.BaseAddress.Port);
        var stream = client.GetStream();
        await stream.WriteAsync("hello\r\n\r\n"u8.ToArray());

        var answer = await new StreamReader(stream).ReadToEndAsync();

        Assert.StartsWith("HTTP/1.1 400 Bad Request\r\n", answer);
        Assert.EndsWith("\r\n\r\nbad request\n", answer);
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
