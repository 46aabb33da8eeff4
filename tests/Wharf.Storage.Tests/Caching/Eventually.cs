namespace Wharf.Storage.Tests.Caching;

internal static class Eventually
{
    /// <summary>Waits for a background effect the test cannot await directly; fails after <paramref name="timeout"/>.</summary>
    public static async Task TrueAsync(Func<bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for: {what}");
            await Task.Delay(5);
        }
    }
}
