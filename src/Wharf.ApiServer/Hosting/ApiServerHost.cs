using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;
using Wharf.ApiServer.Admission;
using Wharf.ApiServer.Allocation;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Endpoints;
using Wharf.ApiServer.Hosting.InProcess;
using Wharf.ApiServer.OpenApi;
using Wharf.ApiServer.Patching;
using Wharf.ApiServer.Pki;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;
using Wharf.ApiServer.Serialization;
using Wharf.ApiServer.Tables;
using Wharf.NodeJoin;
using Wharf.Storage;

namespace Wharf.ApiServer.Hosting;

/// <summary>
/// Runs the API server: opens the store, loads or creates the PKI, bootstraps system objects and serves HTTPS
/// on Kestrel. <see cref="StartAsync"/> returns once the server answers; dispose to stop.
/// </summary>
public sealed class ApiServerHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly IStorageBackend _storage;
    private readonly LoopbackConnections _loopback;

    private readonly CancellationTokenSource _background;
    private readonly Task _backgroundLoops;

    private ApiServerHost(WebApplication app, IStorageBackend storage, ClusterPki pki, Uri url, ResourceStore store, CancellationTokenSource background, Task backgroundLoops,
        LoopbackConnections loopback)
    {
        _loopback = loopback;
        _background = background;
        _backgroundLoops = backgroundLoops;
        _app = app;
        _storage = storage;
        Pki = pki;
        Url = url;
        Store = store;
    }

    public ClusterPki Pki { get; }

    /// <summary>The URL clients use (loopback when bound to all addresses).</summary>
    public Uri Url { get; }

    public ResourceStore Store { get; }

    /// <summary>
    /// The loopback Unix socket (system:apiserver, HTTP/2 cleartext), or null. The in-process components use
    /// <see cref="CreateInProcessHandler"/> instead; the socket stays for local clients outside the process.
    /// </summary>
    public string? LoopbackSocketPath { get; private init; }

    public static async Task<ApiServerHost> StartAsync(ApiServerOptions options, Action<ILoggingBuilder> configureLogging, CancellationToken ct)
    {
        if (!string.IsNullOrEmpty(options.DatastoreEndpoint))
            throw new NotSupportedException("--datastore-endpoint (etcd) is not supported yet; the embedded SQLite store is the only datastore");
        Directory.CreateDirectory(options.DataDirectory);
        var sqlite = await SqliteStorageBackend.OpenAsync(new SqliteStorageOptions { DataDirectory = Path.Combine(options.DataDirectory, "db") }, null, ct);
        // The watch cache answers lists, gets and watches from memory so that many clients do not each read SQLite.
        var storage = new Wharf.Storage.Caching.CachingStorageBackend(sqlite);
        try
        {
            return await StartWithStorageAsync(options, storage, configureLogging, ct);
        }
        catch
        {
            await storage.DisposeAsync();
            throw;
        }
    }

    private static async Task<ApiServerHost> StartWithStorageAsync(ApiServerOptions options, IStorageBackend storage, Action<ILoggingBuilder> configureLogging, CancellationToken ct)
    {
        var serviceCidr = Cidr.Parse(options.ServiceCidr);
        var kubernetesServiceIp = serviceCidr.At(1);
        var dnsNames = new List<string> { "localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local", options.NodeName };
        var ips = new List<IPAddress> { IPAddress.Loopback, kubernetesServiceIp };
        if (!options.BindAddress.Equals(IPAddress.Any) && !options.BindAddress.Equals(IPAddress.IPv6Any)) ips.Add(options.BindAddress);
        foreach (var san in options.TlsSans)
        {
            if (IPAddress.TryParse(san, out var ip)) ips.Add(ip); else dnsNames.Add(san);
        }
        var pki = ClusterPki.LoadOrCreate(options.DataDirectory, dnsNames, ips);

        // The content root is the data dir and configuration is not reloaded: the default (the working directory,
        // watched for changes) makes start-up scan whatever folder the server was started from.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ContentRootPath = options.DataDirectory,
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
        });
        builder.Logging.ClearProviders();
        configureLogging(builder.Logging);
        // With this category enabled at any level, ASP.NET Core starts an Activity and a log scope for every request
        // (random trace ids, allocations) only to log "request starting/finished", which the API server never shows.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        var loopback = new LoopbackConnections();
        // Kestrel with a way in for the in-process components' requests that skips sockets and HTTP framing.
        InProcessServer.Decorate(builder.Services, options.InProcessSeats);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null; // BodyDecoder enforces upstream's 3 MiB limit with a proper Status
            kestrel.AddServerHeader = false;
            if (options.LoopbackSocketPath is { } socketPath)
            {
                // A socket file left by a server that did not stop cleanly would make the bind fail.
                File.Delete(socketPath);
                // Prior-knowledge HTTP/2 without TLS: the in-process clients speak nothing else, and h2c needs no upgrade.
                kestrel.ListenUnixSocket(socketPath, listen =>
                {
                    listen.Protocols = HttpProtocols.Http2;
                    listen.Use(loopback.Track);
                });
            }
            kestrel.Listen(options.BindAddress, options.HttpsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = pki.Serving;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    // Client certificates are verified against the cluster CA by the authenticator.
                    https.AllowAnyClientCertificate();
                });
            });
        });

        var time = TimeProvider.System;
        var catalog = BuiltInResources.CreateCatalog();

        var metricsRegistry = Metrics.NewCustomRegistry();
        var services = builder.Services;
        services.AddSingleton(time);
        services.AddSingleton(storage);
        services.AddSingleton(sp => new CustomResources.CrdRegistry(catalog, sp.GetRequiredService<ILogger<CustomResources.CrdRegistry>>()));
        services.AddSingleton<Func<ResourceCatalog>>(sp =>
        {
            var crds = sp.GetRequiredService<CustomResources.CrdRegistry>();
            return () => crds.Current;
        });
        services.AddSingleton(options.Watch);
        services.AddSingleton(metricsRegistry);
        var authoritative = new AuthoritativeStorage((storage as Wharf.Storage.Caching.CachingStorageBackend)?.Inner ?? storage);
        services.AddSingleton(authoritative);
        services.AddSingleton<IAdmissionPlugin>(sp => new NamespaceLifecycle(authoritative.Backend));
        services.AddSingleton<IAdmissionPlugin>(sp => new ServiceAccountAdmission(authoritative.Backend));
        services.AddSingleton<IAdmissionPlugin>(sp => new PodPriority(authoritative.Backend));
        services.AddSingleton<IAdmissionPlugin>(sp => new DefaultIngressClass(authoritative.Backend));
        services.AddSingleton<IAdmissionPlugin>(sp => new DefaultTolerationSeconds());
        services.AddSingleton(sp => new ServiceAllocator(serviceCidr, PortRange.Default, sp.GetRequiredService<ILogger<ServiceAllocator>>()));
        services.AddSingleton<IAdmissionPlugin>(sp => sp.GetRequiredService<ServiceAllocator>());
        services.AddSingleton(sp => new ResourceStore(sp.GetRequiredService<IStorageBackend>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetServices<IAdmissionPlugin>().Where(p => !options.DisabledAdmissionPlugins.Contains(p.Name)).ToArray(),
            sp.GetRequiredService<ManagedFieldsTracker>(), authoritative));
        services.AddSingleton(sp => new ServiceAccountTokens(pki.ServiceAccountKey, time));
        // The loopback identity is also that of in-process clients (CreateInProcessHandler), socket or not.
        services.AddSingleton(sp => new RequestAuthenticator(pki.Ca, options.Token, sp.GetRequiredService<ServiceAccountTokens>(), loopback: loopback));
        services.AddSingleton<Authorization.IAuthorizer, Authorization.AuthenticatedAuthorizer>();
        services.AddSingleton<ReviewHandler>();
        services.AddSingleton<TokenRequestHandler>();
        services.AddSingleton(new BodyDecoder(ProtobufBodies.Decoder));
        services.AddSingleton<ITableColumns, PrinterTableColumns>();
        services.AddSingleton<TableBuilder>();
        services.AddSingleton<WatchHandler>();
        services.AddSingleton<ManagedFieldsTracker>();
        services.AddSingleton<IPatchEngine, PatchEngine>();
        services.AddSingleton<PatchHandler>();
        services.AddSingleton<ResourceHandler>();
        services.AddSingleton<SubresourceHandlers>();
        services.AddSingleton<NodeProxy.KubeletLocator>();
        services.AddSingleton(new NodeProxy.KubeletConnector(pki.KubeletClient, pki.Ca));
        services.AddSingleton(new NodeProxy.BackendHttpForwarder(new HttpMessageInvoker(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        })));
        services.AddSingleton<NodeProxy.PodProxyHandler>();
        services.AddSingleton<NodeProxy.ServiceProxyHandler>();
        services.AddSingleton<NodeProxy.NodeStreamingHandler>();
        services.AddSingleton<IOpenApiEndpoints, OpenApiV3Endpoints>();
        services.AddSingleton<HealthChecks>();
        services.AddSingleton(new ClusterCaPem(pki.Ca.ExportCertificatePem()));
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<ApiRouter>();
        services.AddSingleton<MetricsEndpoint>();
        services.AddSingleton(sp => new NodeJoin.NodeCertificateEndpoints(pki, sp.GetRequiredService<RequestAuthenticator>(),
            sp.GetRequiredService<ILogger<NodeJoin.NodeCertificateEndpoints>>()));

        var app = builder.Build();
        var store = app.Services.GetRequiredService<ResourceStore>();
        var allocator = app.Services.GetRequiredService<ServiceAllocator>();
        var background = new CancellationTokenSource();
        var crds = app.Services.GetRequiredService<CustomResources.CrdRegistry>();
        var backgroundLoops = Task.WhenAll(allocator.RunAsync(storage, background.Token), crds.RunAsync(storage, store, background.Token));

        var health = app.Services.GetRequiredService<HealthChecks>();
        health.Add("ping", () => true);
        health.Add("etcd", () => storage.CurrentRevision >= 0);
        health.Add("poststarthook/bootstrap-system-namespaces", () => true, readinessOnly: true);

        ApiMetrics.AddRuntimeCounters(metricsRegistry);
        ApiMetrics.AddStoreGauges(metricsRegistry, storage, ((storage as Wharf.Storage.Caching.CachingStorageBackend)?.Inner as SqliteStorageBackend)?.DatabasePath);
        var router = app.Services.GetRequiredService<ApiRouter>();
        var metrics = app.Services.GetRequiredService<MetricsEndpoint>();
        app.Map("/metrics", metricsApp => metricsApp.Run(metrics.ServeAsync));
        // Joining agents get their node certificates here with the join token (outside the API's own authentication).
        var nodeJoin = app.Services.GetRequiredService<NodeJoin.NodeCertificateEndpoints>();
        app.Map(NodeJoinProtocol.PathPrefix, joinApp => joinApp.Run(nodeJoin.ServeAsync));
        app.Run(router.HandleAsync);
        await app.StartAsync(ct);
        // The socket grants system:masters to whoever connects: only the server's own user may. (Kestrel creates
        // it with the process umask; the data dir is the server's too, so the window before this is not open to others
        // who could not already read the admin key there.)
        if (options.LoopbackSocketPath is { } boundSocket && !OperatingSystem.IsWindows())
            File.SetUnixFileMode(boundSocket, UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => !a.StartsWith("http://unix:", StringComparison.Ordinal));
        var port = new Uri(address.Replace("[::]", "localhost").Replace("0.0.0.0", "localhost")).Port;
        await SystemBootstrap.EnsureAsync(store, catalog, allocator.KubernetesServiceIp, AdvertiseAddress.Choose(options.BindAddress), port,
            IPAddress.TryParse(options.ClusterDns, out var dns) ? dns : null, ct);
        var host = options.BindAddress.Equals(IPAddress.Any) || options.BindAddress.Equals(IPAddress.IPv6Any)
            ? "127.0.0.1"
            : options.BindAddress.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{options.BindAddress}]" : options.BindAddress.ToString();
        return new ApiServerHost(app, storage, pki, new Uri($"https://{host}:{port}"), store, background, backgroundLoops, loopback)
        {
            LoopbackSocketPath = options.LoopbackSocketPath,
        };
    }

    /// <summary>
    /// A message handler for an in-process component's client (base address http://localhost): its requests go
    /// straight into this server's pipeline as system:apiserver, as over the loopback socket but without the socket,
    /// HTTP/2 framing or the threads between. Each handler is one connection; dispose it with its client.
    /// </summary>
    public HttpMessageHandler CreateInProcessHandler() =>
        new InProcessHandler((InProcessServer)_app.Services.GetRequiredService<IServer>(), new InProcessConnection(_loopback));

    /// <summary>Adds an in-process component's metrics (Prometheus text) to <c>/metrics</c>.</summary>
    public void AddMetricsSource(Action<TextWriter> source) => _app.Services.GetRequiredService<MetricsEndpoint>().AddSource(source);

    public void WriteKubeconfig(string path, UnixFileMode mode) =>
        KubeconfigWriter.Write(path, Url.ToString().TrimEnd('/'), Pki.Ca, Pki.Admin, mode);

    public Task WaitForShutdownAsync(CancellationToken ct) => _app.WaitForShutdownAsync(ct);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        await _background.CancelAsync();
        await _backgroundLoops.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _background.Dispose();
        await _storage.DisposeAsync();
        // Nothing should find a dead socket after shutdown (a later start would replace it anyway).
        if (LoopbackSocketPath is { } socket) File.Delete(socket);
    }
}
