using System.Text;
using Wharf.Node.Agent.Server;
using Wharf.Node.Cri.V1;
using Wharf.Node.Runtime;

namespace Wharf.Node.Tests.Server;

public sealed class RunEndpointTests
{
    private static readonly Container Target = new()
    {
        Id = "c-1",
        State = ContainerState.ContainerRunning,
        Metadata = new ContainerMetadata { Name = "app" },
        Labels =
        {
            ["io.kubernetes.pod.namespace"] = "web",
            ["io.kubernetes.pod.name"] = "shop",
            ["io.kubernetes.pod.uid"] = "u-1",
            ["io.kubernetes.container.name"] = "app",
        },
    };

    [Theory]
    [InlineData("cmd in the query", "POST /run/web/shop/app?cmd=echo%20hi%20there HTTP/1.1\r\nHost: n\r\n\r\n", "")]
    [InlineData("cmd as a form field", "POST /run/web/shop/app HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 20\r\n\r\n", "cmd=echo+hi+there&x=")]
    [InlineData("with the pod uid", "POST /run/web/shop/u-1/app?cmd=echo+hi+there HTTP/1.1\r\n\r\n", "")]
    public async Task Runs_the_space_split_command_and_answers_stdout_then_stderr(string name, string head, string body)
    {
        var runtime = new ExecOnlyRuntime(Target, _ => new ExecResult(0, "out\n"u8.ToArray(), "err\n"u8.ToArray()));

        var response = await RunAsync(runtime, head, body);

        Assert.True(response.StartsWith("HTTP/1.1 200 OK\r\n", StringComparison.Ordinal), $"{name}: {response}");
        Assert.EndsWith("\r\n\r\nout\nerr\n", response);
        Assert.Equal(["echo", "hi", "there"], Assert.Single(runtime.Commands));
    }

    [Theory]
    [InlineData("no cmd", "POST /run/web/shop/app HTTP/1.1\r\n\r\n", "400 BadRequest")]
    [InlineData("another pod's uid", "POST /run/web/shop/u-2/app?cmd=true HTTP/1.1\r\n\r\n", "404 NotFound")]
    [InlineData("unknown container", "POST /run/web/shop/db?cmd=true HTTP/1.1\r\n\r\n", "404 NotFound")]
    [InlineData("GET is not run", "GET /run/web/shop/app?cmd=true HTTP/1.1\r\n\r\n", "404 NotFound")]
    public async Task Refuses_without_running_anything(string name, string head, string status)
    {
        var runtime = new ExecOnlyRuntime(Target, _ => new ExecResult(0, [], []));

        var response = await RunAsync(runtime, head, "");

        Assert.True(response.StartsWith("HTTP/1.1 " + status, StringComparison.Ordinal), $"{name}: {response}");
        Assert.Empty(runtime.Commands);
    }

    [Fact]
    public async Task A_non_zero_exit_is_a_500_naming_the_code_and_stderr()
    {
        var runtime = new ExecOnlyRuntime(Target, _ => new ExecResult(3, [], "boom"u8.ToArray()));

        var response = await RunAsync(runtime, "POST /run/web/shop/app?cmd=false HTTP/1.1\r\n\r\n", "");

        Assert.StartsWith("HTTP/1.1 500 ", response);
        Assert.EndsWith("command 'false' exited with 3: boom", response);
    }

    [Fact]
    public async Task A_runtime_failure_answers_503_with_its_message()
    {
        var runtime = new ExecOnlyRuntime(Target, _ => throw new Grpc.Core.RpcException(new Grpc.Core.Status(Grpc.Core.StatusCode.Unavailable, "containerd is down")));

        var response = await RunAsync(runtime, "POST /run/web/shop/app?cmd=true HTTP/1.1\r\n\r\n", "");

        Assert.StartsWith("HTTP/1.1 503 ServiceUnavailable\r\n", response);
        Assert.Contains("containerd is down", response);
    }

    /// <summary>Routes one request as the server does: head parsed from the stream, body left on it for the endpoint.</summary>
    private static async Task<string> RunAsync(IContainerRuntime runtime, string head, string body)
    {
        var router = new KubeletRequestRouter(null!, null!, null!, new RunEndpoint(new ContainerLocator(runtime), runtime), null);
        using var connection = new DuplexBuffer(Encoding.ASCII.GetBytes(head + body));
        var request = await HttpRequestHead.ReadAsync(connection, CancellationToken.None);
        await router.HandleAsync(request!, connection, CancellationToken.None);
        return Encoding.UTF8.GetString(connection.Written.ToArray());
    }
}
