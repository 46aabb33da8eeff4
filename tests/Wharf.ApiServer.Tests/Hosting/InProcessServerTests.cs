using System.Buffers;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Hosting.InProcess;

namespace Wharf.ApiServer.Tests.Hosting;

/// <summary>
/// The in-process transport against a small pipeline of its own, each answer compared with Kestrel's for the same
/// request over HTTP/2 cleartext on a loopback port: status, headers and body; failures before and after the response
/// started; streaming as flushed; aborts from either side reaching the other.
/// </summary>
public sealed class InProcessServerTests : IAsyncLifetime
{
    private readonly TaskCompletionSource _aborted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _next = new(0);
    private readonly SemaphoreSlim _hold = new(0);
    private int _holding;
    private WebApplication _app = null!;
    private HttpClient _inProcess = null!;
    private HttpClient _overTcp = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.Protocols = HttpProtocols.Http2));
        InProcessServer.Decorate(builder.Services, seats: 2);
        _app = builder.Build();
        _app.Run(ServeAsync);
        await _app.StartAsync();
        var server = (InProcessServer)_app.Services.GetRequiredService<IServer>();
        _inProcess = new HttpClient(new InProcessHandler(server, new InProcessConnection(new LoopbackConnections())))
        {
            BaseAddress = new Uri("http://localhost"), Timeout = TimeSpan.FromSeconds(20),
        };
        var port = new Uri(_app.Urls.First()).Port;
        _overTcp = new HttpClient
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(20),
            DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public async Task DisposeAsync()
    {
        _inProcess.Dispose();
        _overTcp.Dispose();
        await _app.DisposeAsync();
    }

    private async Task ServeAsync(HttpContext context)
    {
        context.RequestAborted.Register(() => _aborted.TrySetResult());
        switch (context.Request.Path.Value)
        {
            case "/echo":
                using (var body = new MemoryStream())
                {
                    await context.Request.Body.CopyToAsync(body);
                    context.Response.StatusCode = 201;
                    context.Response.ContentType = context.Request.ContentType;
                    context.Response.Headers.Append("Warning", "299 - \"first\"");
                    context.Response.Headers.Append("Warning", "299 - \"second\"");
                    context.Response.Headers["X-Query"] = context.Request.QueryString.Value;
                    context.Response.Headers["X-Length"] = context.Request.ContentLength?.ToString() ?? "none";
                    context.Response.Headers["X-Agent"] = context.Request.Headers.UserAgent.ToString();
                    context.Response.Headers["X-Host"] = context.Request.Host.Value;
                    await context.Response.Body.WriteAsync(body.ToArray());
                }
                return;
            case "/unflushed":
                // Written into the body without a flush: the whole answer leaves with the end of the request.
                context.Response.ContentLength = 5;
                context.Response.BodyWriter.Write("hello"u8);
                return;
            case "/callbacks":
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers["X-Started"] = "yes";
                    return Task.CompletedTask;
                });
                context.Response.OnCompleted(() =>
                {
                    _completed.TrySetResult();
                    return Task.CompletedTask;
                });
                await context.Response.WriteAsync("ok");
                return;
            case "/throw":
                context.Response.Headers["X-Lost"] = "yes";
                throw new InvalidOperationException("boom");
            case "/throw-after-start":
                await context.Response.WriteAsync("partial\n");
                await context.Response.Body.FlushAsync();
                throw new InvalidOperationException("boom");
            case "/abort":
                context.Abort();
                return;
            case "/stream":
                await context.Response.StartAsync();
                for (var i = 0; ; i++)
                {
                    await context.Response.WriteAsync($"line {i}\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    await _next.WaitAsync(context.RequestAborted);
                }
            case "/stream-then-end":
                await context.Response.WriteAsync("one\n");
                await context.Response.Body.FlushAsync();
                await _next.WaitAsync(context.RequestAborted);
                await context.Response.WriteAsync("two\n");
                return;
            case "/hold":
                // In the pipeline (a seat taken, unless long-running) until the test lets it go.
                Interlocked.Increment(ref _holding);
                await _hold.WaitAsync(context.RequestAborted);
                Interlocked.Decrement(ref _holding);
                await context.Response.WriteAsync(context.Request.QueryString.Value ?? "");
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    [Fact]
    public async Task Requests_BeyondTheSeats_WaitInOrder_WatchesDoNot()
    {
        // Two seats (InitializeAsync): two requests run, the third waits.
        var first = _inProcess.GetStringAsync("/hold?n=1");
        var second = _inProcess.GetStringAsync("/hold?n=2");
        await WaitUntilAsync(() => Volatile.Read(ref _holding) == 2);
        var third = _inProcess.GetStringAsync("/hold?n=3");

        // A watch takes no seat: it starts streaming while both are held.
        using (var watch = await _inProcess.GetAsync("/stream?watch=true", HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(10)))
            Assert.Equal(HttpStatusCode.OK, watch.StatusCode);
        await Task.Delay(100);
        Assert.Equal(2, Volatile.Read(ref _holding));
        Assert.False(third.IsCompleted);

        _hold.Release(); // one of the two ends, and its seat goes to the third
        await WaitUntilAsync(() => first.IsCompleted || second.IsCompleted);
        await WaitUntilAsync(() => Volatile.Read(ref _holding) == 2);
        _hold.Release(2);

        Assert.Equal("?n=3", await third.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(["?n=1", "?n=2"], await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(10);
        }
    }

    [Theory]
    [InlineData("small body", 5)]
    [InlineData("body larger than the pipe's pause threshold", 3 * 1024 * 1024)]
    public async Task Post_AnswersAsKestrelDoes(string _, int size)
    {
        var payload = Encoding.ASCII.GetBytes(new string('x', size));

        var (local, remote) = await BothAsync(() => new HttpRequestMessage(HttpMethod.Post, "/echo?a=1&b=%2F")
        {
            Content = new ByteArrayContent(payload) { Headers = { { "Content-Type", "application/json" } } },
            Headers = { { "User-Agent", "tester/1" } },
        });

        foreach (var response in new[] { local, remote })
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            Assert.Equal(HttpVersion.Version20, response.Version);
            Assert.Equal(["299 - \"first\"", "299 - \"second\""], response.Headers.GetValues("Warning"));
            Assert.Equal("?a=1&b=%2F", response.Headers.GetValues("X-Query").Single());
            Assert.Equal(size.ToString(), response.Headers.GetValues("X-Length").Single());
            Assert.Equal("tester/1", response.Headers.GetValues("X-Agent").Single());
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(payload, await response.Content.ReadAsByteArrayAsync());
        }
        Assert.Equal("localhost", local.Headers.GetValues("X-Host").Single());
    }

    [Fact]
    public async Task UnflushedBody_ArrivesWithTheEndOfTheRequest()
    {
        var (local, remote) = await BothAsync(() => new HttpRequestMessage(HttpMethod.Get, "/unflushed"));

        Assert.Equal("hello", await local.Content.ReadAsStringAsync());
        Assert.Equal(await remote.Content.ReadAsStringAsync(), await local.Content.ReadAsStringAsync());
        Assert.Equal(5, local.Content.Headers.ContentLength);
    }

    [Fact]
    public async Task Callbacks_RunBeforeTheStartAndAfterTheEnd()
    {
        using var response = await _inProcess.GetAsync("/callbacks");

        Assert.Equal("yes", response.Headers.GetValues("X-Started").Single());
        await _completed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task ExceptionBeforeTheStart_IsAnEmpty500AsKestrelAnswers()
    {
        var (local, remote) = await BothAsync(() => new HttpRequestMessage(HttpMethod.Get, "/throw"));

        Assert.Equal(HttpStatusCode.InternalServerError, remote.StatusCode);
        Assert.Equal(remote.StatusCode, local.StatusCode);
        Assert.False(local.Headers.Contains("X-Lost"));
        Assert.Equal(0, local.Content.Headers.ContentLength);
        Assert.Empty(await local.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ExceptionAfterTheStart_BreaksTheBodyAsAResetStream()
    {
        foreach (var client in new[] { _inProcess, _overTcp })
        {
            using var response = await client.GetAsync("/throw-after-start", HttpCompletionOption.ResponseHeadersRead);
            await using var body = await response.Content.ReadAsStreamAsync();
            var error = await Record.ExceptionAsync(() => new StreamReader(body).ReadToEndAsync());
            Assert.IsAssignableFrom<IOException>(error);
        }
    }

    [Fact]
    public async Task ServerAbort_FailsTheCall()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => _inProcess.GetAsync("/abort"));
        await Assert.ThrowsAsync<HttpRequestException>(() => _overTcp.GetAsync("/abort"));
    }

    [Fact]
    public async Task Stream_ArrivesAsFlushed_AndEndsWhenTheServerReturns()
    {
        using var response = await _inProcess.GetAsync("/stream-then-end", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The first line arrives while the server still waits: it is not held back until the end.
        Assert.Equal("one", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        _next.Release();
        Assert.Equal("two", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(_aborted.Task.IsCompleted);
    }

    [Theory]
    [InlineData("the client cancels its read")]
    [InlineData("the client drops the response")]
    public async Task ClientEndingAStream_AbortsTheRequest(string how)
    {
        using var cancel = new CancellationTokenSource();
        var response = await _inProcess.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("line 0", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        _next.Release();
        Assert.Equal("line 1", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        if (how == "the client cancels its read")
        {
            var read = reader.ReadLineAsync(cancel.Token).AsTask();
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        else
            response.Dispose();

        await _aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        response.Dispose();
    }

    [Fact]
    public async Task ServerStopping_EndsAStreamForTheClient()
    {
        using var response = await _inProcess.GetAsync("/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("line 0", await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(10));

        await _aborted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        await Assert.ThrowsAsync<HttpIOException>(() => reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)));
        await Assert.ThrowsAsync<HttpRequestException>(() => _inProcess.GetAsync("/echo"));
    }

    [Fact]
    public async Task ConcurrentRequests_EachGetTheirOwnAnswer()
    {
        var answers = await Task.WhenAll(Enumerable.Range(0, 64).Select(async i =>
        {
            using var response = await _inProcess.PostAsync("/echo", new StringContent($"request {i}"));
            return await response.Content.ReadAsStringAsync();
        }));

        Assert.Equal(Enumerable.Range(0, 64).Select(i => $"request {i}"), answers);
    }

    private async Task<(HttpResponseMessage Local, HttpResponseMessage Remote)> BothAsync(Func<HttpRequestMessage> request)
    {
        var local = await _inProcess.SendAsync(request());
        using var overTcp = request();
        overTcp.Version = HttpVersion.Version20;
        overTcp.VersionPolicy = HttpVersionPolicy.RequestVersionExact;
        var remote = await _overTcp.SendAsync(overTcp);
        return (local, remote);
    }
}
