namespace Wharf.E2E.Tests.Harness;

/// <summary>Waits for an eventually-true condition (controllers act asynchronously) without fixed sleeps.</summary>
public static class Poll
{
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan within, string? what = null)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
                return;
            await Task.Delay(100);
        }
        if (!await condition())
            throw new Xunit.Sdk.XunitException($"condition not met within {within}{(what is null ? "" : ": " + what)}");
    }
}
