using Wharf.ApiServer.Errors;

namespace Wharf.ApiServer.Tests.Support;

/// <summary>Runs code expected to fail with a Kubernetes Status and hands back the failure.</summary>
internal static class Fails
{
    public static StatusException Status(Action action) => Assert.Throws<StatusException>(action);

    public static Task<StatusException> StatusAsync(Func<Task> action) => Assert.ThrowsAsync<StatusException>(action);
}
