using System.Text;
using System.Text.Json.Nodes;
using Wharf.Client;
using Wharf.Client.Rest;
using Wharf.Node.Agent.Pods;
using Wharf.Node.Tests.Images;

namespace Wharf.Node.Tests.Agent.Pods;

public sealed class ConfigObjectCacheTests
{
    private readonly SteppedTime _time = new();
    private readonly List<(Resource Resource, string? Namespace, string Name)> _reads = [];
    private Func<Resource, string, Task<JsonObject>> _answer;
    private readonly ConfigObjectCache _cache;

    public ConfigObjectCacheTests()
    {
        _answer = (_, name) => Task.FromResult(new JsonObject { ["data"] = new JsonObject { ["key"] = $"{name}-{_reads.Count}" } });
        var client = CallProxy.Create<IApiClient>((method, args) =>
        {
            if (method.Name != nameof(IApiClient.GetAsync))
                throw new NotSupportedException(method.Name);
            lock (_reads)
                _reads.Add(((Resource)args[0]!, (string?)args[1], (string)args[2]!));
            return _answer((Resource)args[0]!, (string)args[2]!);
        });
        _cache = new ConfigObjectCache(client, _time);
    }

    private async Task<string?> ReadAsync(TimeSpan maxAge, string name = "kube-root-ca.crt", string ns = "default", Resource? resource = null) =>
        await _cache.GetAsync(resource ?? Resource.ConfigMaps, ns, name, maxAge, CancellationToken.None) is { } data
            ? Encoding.UTF8.GetString(data["key"])
            : null;

    [Theory]
    [InlineData("start, within a second", 1, 0.5, 1)]
    [InlineData("start, older than a second", 1, 1.5, 2)]
    [InlineData("refresh, within 30 s", 30, 20, 1)]
    [InlineData("refresh, older than 30 s", 30, 40, 2)]
    public async Task An_answer_is_reused_while_it_is_young_enough_for_the_reader(string _, double maxAgeSeconds, double secondsLater, int expectedReads)
    {
        var maxAge = TimeSpan.FromSeconds(maxAgeSeconds);
        var first = await ReadAsync(maxAge);
        _time.Advance(TimeSpan.FromSeconds(secondsLater));

        var second = await ReadAsync(maxAge);

        Assert.Equal(expectedReads, _reads.Count);
        Assert.Equal(expectedReads == 1, first == second);
    }

    [Fact]
    public async Task Pods_starting_together_share_one_read_in_flight()
    {
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _answer = (_, _) => reply.Task;

        var readers = Enumerable.Range(0, 30).Select(_ => ReadAsync(ConfigObjectCache.StartMaxAge)).ToList();
        reply.SetResult(new JsonObject { ["data"] = new JsonObject { ["key"] = "ca" } });

        Assert.All(await Task.WhenAll(readers), value => Assert.Equal("ca", value));
        Assert.Single(_reads);
    }

    [Fact]
    public async Task A_missing_object_is_kept_as_null_but_a_failed_read_is_tried_again()
    {
        _answer = (_, name) => name == "missing"
            ? Task.FromException<JsonObject>(new ApiException(404, StatusReasons.NotFound, "not found"))
            : Task.FromException<JsonObject>(new HttpRequestException("connection refused"));

        Assert.Null(await ReadAsync(ConfigObjectCache.RefreshMaxAge, "missing"));
        Assert.Null(await ReadAsync(ConfigObjectCache.RefreshMaxAge, "missing"));
        await Assert.ThrowsAsync<HttpRequestException>(() => ReadAsync(ConfigObjectCache.RefreshMaxAge, "flaky"));
        _answer = (_, _) => Task.FromResult(new JsonObject { ["data"] = new JsonObject { ["key"] = "back" } });

        Assert.Equal("back", await ReadAsync(ConfigObjectCache.RefreshMaxAge, "flaky"));
        Assert.Equal(["missing", "flaky", "flaky"], _reads.Select(r => r.Name));
    }

    [Theory]
    [InlineData("refresh reader, half a second later", 0.5, 1)]
    [InlineData("refresh reader, two seconds later", 2, 2)]
    public async Task A_missing_object_is_read_again_after_a_second_whatever_age_the_reader_accepts(string _, double secondsLater, int expectedReads)
    {
        _answer = (_, _) => Task.FromException<JsonObject>(new ApiException(404, StatusReasons.NotFound, "not found"));
        await ReadAsync(ConfigObjectCache.RefreshMaxAge, "not-yet");
        _time.Advance(TimeSpan.FromSeconds(secondsLater));

        await ReadAsync(ConfigObjectCache.RefreshMaxAge, "not-yet");

        Assert.Equal(expectedReads, _reads.Count);
    }

    [Fact]
    public async Task Objects_of_other_namespaces_or_kinds_are_read_on_their_own_and_secrets_are_decoded()
    {
        _answer = (resource, _) => Task.FromResult(new JsonObject
        {
            ["data"] = new JsonObject { ["key"] = resource == Resource.Secrets ? Convert.ToBase64String("s3cret"u8) : "plain" },
        });

        Assert.Equal("plain", await ReadAsync(ConfigObjectCache.RefreshMaxAge, "app", "a"));
        Assert.Equal("plain", await ReadAsync(ConfigObjectCache.RefreshMaxAge, "app", "b"));
        Assert.Equal("s3cret", await ReadAsync(ConfigObjectCache.RefreshMaxAge, "app", "a", Resource.Secrets));
        Assert.Equal("plain", await ReadAsync(ConfigObjectCache.RefreshMaxAge, "app", "a"));

        Assert.Equal(3, _reads.Count);
    }

    [Fact]
    public async Task Answers_nobody_would_accept_any_more_are_forgotten()
    {
        await ReadAsync(ConfigObjectCache.RefreshMaxAge, "old");
        _time.Advance(ConfigObjectCache.RefreshMaxAge + TimeSpan.FromSeconds(1));

        await ReadAsync(ConfigObjectCache.RefreshMaxAge, "new");

        Assert.Equal(1, _cache.Count);
    }

    /// <summary>Wall clock and timestamps moved by hand together (the cache times its answers by timestamp).</summary>
    private sealed class SteppedTime : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _now.UtcTicks;
    }
}
