using System.Net.Security;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Network.Ingress.Backends;
using Wharf.Network.Ingress.Routing;
using Wharf.Network.Ingress.Tls;

namespace Wharf.Network.Ingress.Sync;

/// <summary>
/// Rebuilds the routes and certificates from the caches whenever an Ingress, IngressClass, Service or Secret
/// changes (bursts of changes coalesce into one rebuild), reports problems as events and writes statuses.
/// Failures are logged and retried with backoff; the loop only ends with its token.
/// </summary>
internal sealed class IngressSyncLoop(
    IngressOptions options,
    IngressState state,
    BackendResolver resolver,
    IIndexer ingresses,
    IIndexer classes,
    TlsSecretReader secrets,
    IngressStatusWriter status,
    IngressProblemReporter problems,
    ILogger logger)
{
    private static readonly TimeSpan InitialBackoff = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>A handler that asks for a rebuild on any change.</summary>
    public ResourceEventHandler Trigger => new()
    {
        OnAdd = _ => Signal(),
        OnUpdate = (_, _) => Signal(),
        OnDelete = _ => Signal(),
    };

    public void Signal() => _signal.Writer.TryWrite(true);

    /// <summary>Publishes a new configuration from the caches; returns the Ingresses it serves.</summary>
    public IReadOnlyList<JsonObject> Rebuild()
    {
        var selector = IngressClassSelector.From(classes.List(), options);
        var served = ingresses.List().Where(selector.IsServed)
            .OrderBy(i => i["metadata"]?["creationTimestamp"]?.ToString(), StringComparer.Ordinal)
            .ThenBy(CacheKeys.For, StringComparer.Ordinal)
            .ToList();
        var specs = served.Select(IngressSpecReader.Read).ToList();

        var tlsProblems = new Dictionary<string, List<IngressProblem>>();
        secrets.BeginPass();
        var tls = TlsTable.Build(specs, secrets.Read, state.Current.Tls.Fallback, (spec, secret) =>
        {
            if (!tlsProblems.TryGetValue(spec.Key, out var list)) tlsProblems[spec.Key] = list = [];
            list.Add(new IngressProblem(secret.Reason!, secret.Message!));
        });
        secrets.EndPass();
        state.Publish(new IngressConfig(RouteTable.Build(specs), tls));
        Log.Rebuilt(logger, specs.Count);

        problems.BeginPass();
        for (var i = 0; i < specs.Count; i++)
            problems.Report(specs[i].Key, served[i], BackendProblems(specs[i]).Concat(tlsProblems.GetValueOrDefault(specs[i].Key) ?? []));
        problems.EndPass();
        return served;
    }

    public async Task RunAsync(CancellationToken ct)
    {
        var backoff = InitialBackoff;
        try
        {
            while (await _signal.Reader.WaitToReadAsync(ct))
            {
                _signal.Reader.TryRead(out _);
                var ok = false;
                try
                {
                    ok = true;
                    foreach (var ingress in Rebuild())
                        ok &= await status.EnsureAsync(ingress, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    ok = false;
                    Log.SyncFailed(logger, e, backoff);
                }
                if (ok)
                {
                    backoff = InitialBackoff;
                    continue;
                }
                await Task.Delay(backoff, ct);
                backoff = TimeSpan.FromTicks(Math.Min(MaxBackoff.Ticks, backoff.Ticks * 2));
                Signal();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private IEnumerable<IngressProblem> BackendProblems(IngressSpec spec)
    {
        foreach (var backend in spec.Backends)
        {
            var service = $"{backend.Namespace}/{backend.Service}";
            switch (resolver.Resolve(backend).State)
            {
                case BackendState.ServiceNotFound:
                    yield return new IngressProblem(IngressProblem.ServiceNotFound, $"Service {service} not found");
                    break;
                case BackendState.PortNotFound:
                    yield return new IngressProblem(IngressProblem.PortResolutionError, $"Service {service} has no port {backend.PortNumber?.ToString() ?? backend.PortName}");
                    break;
            }
        }
    }
}
