using System.Net;

namespace Wharf.ApiServer.Hosting;

/// <summary>What <c>wharf server</c> configures of the API server (k3s' flag names in comments).</summary>
public sealed record ApiServerOptions
{
    /// <summary>--data-dir: PKI under tls/, the SQLite store under db/.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>--bind-address</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Any;

    /// <summary>--https-listen-port (0 = pick a free port, for tests)</summary>
    public int HttpsPort { get; init; } = 6443;

    /// <summary>--token: the join token agents present as a bearer token.</summary>
    public string? Token { get; init; }

    /// <summary>--service-cidr</summary>
    public string ServiceCidr { get; init; } = "10.43.0.0/16";

    /// <summary>--cluster-cidr</summary>
    public string ClusterCidr { get; init; } = "10.42.0.0/16";

    /// <summary>--cluster-dns</summary>
    public string ClusterDns { get; init; } = "10.43.0.10";

    /// <summary>--node-name: also a name in the serving certificate.</summary>
    public string NodeName { get; init; } = Environment.MachineName.ToLowerInvariant();

    /// <summary>--datastore-endpoint: empty = embedded SQLite.</summary>
    public string? DatastoreEndpoint { get; init; }

    /// <summary>Extra names for the serving certificate (--tls-san).</summary>
    public IReadOnlyList<string> TlsSans { get; init; } = [];

    /// <summary>How long a watch without timeoutSeconds lasts and how often bookmarks go out.</summary>
    public Endpoints.WatchSettings Watch { get; init; } = Endpoints.WatchSettings.Default;

    /// <summary>
    /// Admission plugins left out of the chain, by upstream's names (kube-apiserver's --disable-admission-plugins):
    /// e.g. "ServiceAccount" for an API server without the controller that creates each namespace's default account,
    /// as upstream's integration tests run theirs.
    /// </summary>
    public IReadOnlySet<string> DisabledAdmissionPlugins { get; init; } = new HashSet<string>();

    /// <summary>
    /// A Unix domain socket (HTTP/2 cleartext, mode 0600) for the server's in-process components, like upstream's
    /// loopback client: whoever can open it is system:apiserver in system:masters, without TLS on either end.
    /// Null = none.
    /// </summary>
    public string? LoopbackSocketPath { get; init; }

    /// <summary>
    /// How many of the in-process components' requests (<see cref="ApiServerHost.CreateInProcessHandler"/>) run in the
    /// pipeline at once, watches and other long-running requests not counted; the rest wait in arrival order, so
    /// that the components cannot crowd out the server's external clients.
    /// </summary>
    public int InProcessSeats { get; init; } = DefaultInProcessSeats;

    /// <summary>Two per core: enough to keep the cores busy while some requests wait on the store's writer.</summary>
    public static int DefaultInProcessSeats => 2 * Environment.ProcessorCount;
}
