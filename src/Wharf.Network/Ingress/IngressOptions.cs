using System.Net;
using Wharf.Network.Ingress.Metrics;

namespace Wharf.Network.Ingress;

/// <summary>Settings of the built-in ingress controller.</summary>
public sealed class IngressOptions
{
    /// <summary>Plain HTTP port (<c>--ingress-http-port</c>); 0 disables the listener.</summary>
    public int HttpPort { get; init; } = 80;

    /// <summary>TLS port (<c>--ingress-https-port</c>); 0 disables the listener.</summary>
    public int HttpsPort { get; init; } = 443;

    /// <summary>Addresses both listeners bind to.</summary>
    public IReadOnlyList<IPAddress> BindAddresses { get; init; } = [IPAddress.Any];

    /// <summary>What <c>status.loadBalancer.ingress</c> lists: IP addresses, or host names for anything else.</summary>
    public IReadOnlyList<string> StatusAddresses { get; init; } = [];

    /// <summary>The IngressClass this controller installs and serves.</summary>
    public string ClassName { get; init; } = "wharf";

    /// <summary><c>spec.controller</c> of the classes this controller serves.</summary>
    public string ControllerName { get; init; } = "wharf.io/ingress-controller";

    /// <summary>Whether the installed class is marked as the cluster's default (only when it is created).</summary>
    public bool InstallAsDefaultClass { get; init; } = true;

    /// <summary>How long an endpoint that refused a connection is left out of the rotation.</summary>
    public TimeSpan UnhealthyPeriod { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Connect timeout towards a backend; a timed-out connect counts as a failure and is retried elsewhere.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where request counts and durations go. The host shares the instance to serve it: the server appends
    /// <see cref="IngressMetrics.WriteTo"/> to the API server's <c>/metrics</c>.
    /// </summary>
    public IngressMetrics Metrics { get; init; } = new();

    /// <summary>A port of its own for <c>/metrics</c> (ingress-nginx uses 10254); null serves them nowhere but the host's.</summary>
    public IPEndPoint? MetricsEndpoint { get; init; }

    /// <summary>
    /// Whether the plain HTTP listener proxies simple HTTP/1.1 requests on its own fast path: event loops of its own,
    /// one per core, that own the listening socket (under half the CPU per request of Kestrel and YARP);
    /// requests it does not serve, and the TLS listener, always go through Kestrel and YARP.
    /// </summary>
    public bool FastPath { get; init; } = true;

    /// <summary>How long stopping waits for requests in flight before connections are cut.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(5);
}
