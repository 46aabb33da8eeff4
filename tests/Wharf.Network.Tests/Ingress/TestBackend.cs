using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Wharf.Network.Tests.Ingress;

/// <summary>
/// A pod stand-in on a loopback port. It answers <c>NAME PATH HOST X-FORWARDED-FOR</c>, waits first when asked
/// (<c>?delayMs=</c>), and echoes websocket messages prefixed with its name.
/// </summary>
internal sealed class TestBackend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestBackend(string name, WebApplication app, int port)
    {
        Name = name;
        _app = app;
        Port = port;
    }

    public string Name { get; }

    public int Port { get; }

    public static async Task<TestBackend> StartAsync(string name)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(context => HandleAsync(name, context));
        await app.StartAsync();
        var port = new Uri(app.Urls.First()).Port;
        return new TestBackend(name, app, port);
    }

    private static async Task HandleAsync(string name, HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            var buffer = new byte[1024];
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
                var reply = Encoding.UTF8.GetBytes($"{name}:{Encoding.UTF8.GetString(buffer, 0, received.Count)}");
                await socket.SendAsync(reply, WebSocketMessageType.Text, true, context.RequestAborted);
            }
        }
        if (int.TryParse(context.Request.Query["delayMs"], out var delay)) await Task.Delay(delay, context.RequestAborted);
        await context.Response.WriteAsync($"{name} {context.Request.Path} {context.Request.Host} {context.Request.Headers["X-Forwarded-For"]}");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
