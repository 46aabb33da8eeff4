namespace Wharf.Client.Tests.Support;

/// <summary>Polls a condition until it holds or the time is up (then fails the test with the description).</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, string description, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition()) return;
            }
            catch (Exception e) when (e is Wharf.Client.Rest.ApiException or HttpRequestException)
            {
                // Not there yet.
            }
            await Task.Delay(50);
        }
        Assert.Fail($"timed out waiting until {description}");
    }

    public static Task HoldsAsync(Func<bool> condition, string description, TimeSpan? timeout = null) =>
        HoldsAsync(() => Task.FromResult(condition()), description, timeout);
}
