using Grpc.Core;
using Wharf.Node.Cri;

namespace Wharf.Node.Tests.Runtime;

public sealed class CriClientStartupTests
{
    [Theory]
    [InlineData(StatusCode.Unavailable, "connect: no such file or directory", true)]
    [InlineData(StatusCode.Unimplemented, "unknown service runtime.v1.RuntimeService", true)]
    [InlineData(StatusCode.Unknown, "server is not initialized yet", true)]
    [InlineData(StatusCode.Unknown, "failed to reserve sandbox name", false)]
    [InlineData(StatusCode.PermissionDenied, "not initialized", false)]
    public void Only_the_answers_of_a_runtime_that_is_still_starting_are_waited_out(StatusCode code, string detail, bool starting) =>
        Assert.Equal(starting, CriClient.IsStarting(new RpcException(new Status(code, detail))));

    [Fact]
    public async Task A_socket_that_never_appears_ends_in_a_timeout_after_the_given_time()
    {
        var path = Path.Combine(Path.GetTempPath(), $"wharf-cri-missing-{Guid.NewGuid():N}.sock");
        using var client = CriClient.ForUnixSocket(path);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.WaitReadyAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None));

        Assert.Contains(path, error.Message);
        Assert.InRange(clock.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
    }
}
