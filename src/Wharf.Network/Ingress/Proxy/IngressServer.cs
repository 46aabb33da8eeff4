using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.FastPath;
using Yarp.ReverseProxy.Forwarder;

namespace Wharf.Network.Ingress.Proxy;

/// <summary>
/// Kestrel with the ingress request handler: HTTP/1.1 on the plain port; HTTP/1.1 and HTTP/2 (ALPN) on the TLS
/// port, the certificate chosen per connection from the SNI name in the current <see cref="IngressConfig"/>. The plain
/// port serves simple requests on the <see cref="FastPathProxy"/> and everything else with the YARP handler.
/// </summary>
internal static class IngressServer
{
    public static WebApplication Build(IngressOptions options, IngressState state, BackendResolver resolver, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("Wharf.Network.Ingress.Proxy");
        var health = new EndpointHealth(options.UnhealthyPeriod, TimeProvider.System);
        var fastPath = options.FastPath && options.HttpPort > 0
            ? new FastPathProxy(state, resolver.Resolve, health, options.Metrics, options.HttpsPort, options.ConnectTimeout, logger)
            : null;
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddLogging();
        builder.Services.AddSingleton<ILoggerFactory>(new QuietLoggerFactory(loggers));
        builder.Services.AddHttpForwarder();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedLifetime>();
        // By default Kestrel moves every received buffer and every send through its IO queues: one more thread hop each
        // way per request. Nothing here blocks (fast path and YARP handler are async throughout), so it runs inline:
        // about 10 % less CPU per proxied request, measured side by side (docs/PERFORMANCE.md).
        builder.Services.Configure<SocketTransportOptions>(transport => transport.UnsafePreferInlineScheduling = true);
        builder.WebHost.UseKestrelCore();
        // After Kestrel's socket transport, so Kestrel asks this one first (it binds only the fast path's addresses).
        var transport = fastPath is null ? null : new FastPathTransport(fastPath, options.ShutdownGrace);
        if (transport is not null) builder.Services.AddSingleton<IConnectionListenerFactory>(transport);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // A proxy passes bodies through; the backend decides what is too large.
            kestrel.Limits.MaxRequestBodySize = null;
            foreach (var address in options.BindAddresses)
            {
                if (options.HttpPort > 0)
                {
                    var endpoint = new IPEndPoint(address, options.HttpPort);
                    kestrel.Listen(fastPath is null ? endpoint : new FastPathEndPoint(endpoint), listen => listen.Protocols = HttpProtocols.Http1);
                }
                if (options.HttpsPort > 0)
                    kestrel.Listen(address, options.HttpsPort, listen =>
                    {
                        listen.Protocols = HttpProtocols.Http1AndHttp2;
                        listen.UseHttps(new TlsHandshakeCallbackOptions
                        {
                            OnConnection = context => ValueTask.FromResult(new SslServerAuthenticationOptions
                            {
                                ServerCertificateContext = state.Current.Tls.Select(context.ClientHelloInfo.ServerName),
                                ApplicationProtocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11],
                            }),
                        });
                    });
            }
        });

        var app = builder.Build();
        var invoker = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = options.ConnectTimeout,
            ActivityHeadersPropagator = null,
        });
        var handler = new IngressRequestHandler(
            state,
            resolver,
            health,
            app.Services.GetRequiredService<IHttpForwarder>(),
            invoker,
            options.Metrics,
            options.HttpsPort,
            logger);
        app.Lifetime.ApplicationStopped.Register(invoker.Dispose);
        if (fastPath is not null) app.Lifetime.ApplicationStopped.Register(fastPath.Dispose);
        if (transport is not null) app.Lifetime.ApplicationStopped.Register(transport.Dispose);
        app.Run(handler.HandleAsync);
        return app;
    }
}
