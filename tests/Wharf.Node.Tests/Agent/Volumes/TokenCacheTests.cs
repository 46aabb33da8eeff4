using System.Text.Json.Nodes;
using Wharf.Client.Rest;
using Wharf.Node.Agent.Volumes;
using Wharf.Node.Tests.Images;
using Wharf.Node.Tests.Stats;

namespace Wharf.Node.Tests.Agent.Volumes;

public sealed class TokenCacheTests
{
    private readonly ManualTime _time = new();
    private readonly TokenCache _cache;
    private int _requests;

    public TokenCacheTests()
    {
        var client = CallProxy.Create<IApiClient>((method, _) => method.Name switch
        {
            nameof(IApiClient.CreateAsync) => Task.FromResult(new JsonObject { ["status"] = new JsonObject { ["token"] = $"jwt-{++_requests}" } }),
            _ => throw new NotSupportedException(method.Name),
        });
        _cache = new TokenCache(new TokenRequester(client), _time);
    }

    private Task<string> GetAsync(string podUid = "uid-1", string? audience = null) =>
        _cache.GetAsync("default", "default", "web", podUid, audience, 3600, CancellationToken.None);

    [Theory]
    [InlineData(0, "jwt-1")]
    [InlineData(47, "jwt-1")] // 47 min of a 60 min token: still fresh
    [InlineData(49, "jwt-2")] // past 80 % of its lifetime: a new one
    public async Task A_token_is_reused_until_80_percent_of_its_lifetime_has_passed(int minutesLater, string expected)
    {
        await GetAsync();
        _time.Now += TimeSpan.FromMinutes(minutesLater);

        Assert.Equal(expected, await GetAsync());
    }

    [Fact]
    public async Task Another_pod_or_audience_gets_its_own_token_and_a_forgotten_pod_a_new_one()
    {
        Assert.Equal("jwt-1", await GetAsync());
        Assert.Equal("jwt-2", await GetAsync(podUid: "uid-2"));
        Assert.Equal("jwt-3", await GetAsync(audience: "vault"));

        _cache.Forget("uid-1");

        Assert.Equal("jwt-4", await GetAsync());
        Assert.Equal("jwt-2", await GetAsync(podUid: "uid-2"));
    }
}
