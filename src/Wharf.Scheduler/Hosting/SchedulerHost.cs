using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client.Events;
using Wharf.Client.LeaderElection;
using Wharf.Client.Rest;
using Wharf.Scheduler.Config;
using Wharf.Scheduler.Metrics;
using Wharf.Scheduler.Scheduling;

namespace Wharf.Scheduler.Hosting;

/// <summary>
/// Runs the scheduler against an API server the way kube-scheduler does: optionally leader-elected over the Lease
/// kube-system/kube-scheduler, one <see cref="SchedulingLoop"/> (with fresh informers) per term of leadership,
/// restarted with backoff when it fails. Metrics survive restarts and are exposed in Prometheus text form.
/// </summary>
public sealed class SchedulerHost
{
    /// <summary>The Content-Type of what <see cref="WriteMetrics"/> writes.</summary>
    public const string MetricsContentType = PrometheusText.ContentType;

    private readonly IApiClient _client;
    private readonly SchedulerHostOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private volatile SchedulingLoop? _loop;
    private LeaderElector? _elector;

    /// <summary>Loads and validates the configuration; throws <see cref="InvalidSchedulerConfigException"/> on a bad file.</summary>
    public SchedulerHost(IApiClient client, SchedulerHostOptions options, ILoggerFactory? loggers = null)
    {
        _client = client;
        _options = options;
        _loggers = loggers ?? NullLoggerFactory.Instance;
        _logger = _loggers.CreateLogger<SchedulerHost>();
        var config = options.Configuration
            ?? (options.ConfigFile is { } file ? SchedulerConfigLoader.LoadFile(file) : new KubeSchedulerConfiguration());
        SchedulerConfigLoader.WithDefaults(config);
        SchedulerConfigLoader.Validate(config);
        Configuration = config;
    }

    public KubeSchedulerConfiguration Configuration { get; }

    /// <summary>Counters and histograms of every loop this host has run.</summary>
    public SchedulerMetrics Metrics { get; } = new();

    /// <summary>True while this instance holds the lease (with leader election off: while a loop runs).</summary>
    public bool IsLeader => _elector?.IsLeader ?? _loop is not null;

    /// <summary>True once the running loop's feed has delivered its initial lists (upstream's sched-handler-sync).</summary>
    public bool IsSynced => _loop?.Synced.IsCompletedSuccessfully ?? false;

    /// <summary>The running loop, if any (for tests and diagnostics).</summary>
    internal SchedulingLoop? CurrentLoop => _loop;

    /// <summary>Builds a host and runs it until <paramref name="ct"/> fires (the <c>wharf scheduler</c> entry point).</summary>
    public static Task RunAsync(IApiClient client, SchedulerHostOptions options, ILoggerFactory loggers, CancellationToken ct) =>
        new SchedulerHost(client, options, loggers).RunAsync(ct);

    /// <summary>Campaigns (when leader election is on) and schedules while leading, until <paramref name="ct"/> fires.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        _logger.Starting(string.Join(",", Configuration.Profiles.Select(p => p.SchedulerName)));
        if (!_options.LeaderElect)
        {
            await RunWithRestartsAsync(ct).ConfigureAwait(false);
            return;
        }
        var identity = _options.Identity ?? LeaderElectionConfig.NewIdentity();
        await using var recorder = new EventRecorder(_client, Configuration.Profiles[0].SchedulerName, time: _options.Time,
            logger: _loggers.CreateLogger<EventRecorder>());
        _elector = new LeaderElector(_client, new LeaderElectionConfig
        {
            LeaseNamespace = _options.LeaseNamespace,
            LeaseName = _options.LeaseName,
            Identity = identity,
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
            Time = _options.Time,
        }, recorder, _loggers.CreateLogger<LeaderElector>());
        // Unlike kube-scheduler, which exits when it loses the lease, campaign again: the process hosts other parts.
        while (!ct.IsCancellationRequested)
        {
            _logger.Campaigning(_options.LeaseNamespace, _options.LeaseName, identity);
            await _elector.RunAsync(RunWithRestartsAsync, ct).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the metrics in Prometheus text exposition format (see <see cref="MetricsContentType"/>).</summary>
    public void WriteMetrics(TextWriter writer)
    {
        Metrics.WriteTo(writer, _loop?.Queue);
        var text = new PrometheusText(writer);
        text.Header("leader_election_master_status", "gauge", "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease.");
        text.Sample("leader_election_master_status", [("name", _options.LeaseName)], IsLeader ? 1 : 0);
    }

    private async Task RunWithRestartsAsync(CancellationToken ct)
    {
        var backoff = _options.InitialRestartBackoff;
        while (!ct.IsCancellationRequested)
        {
            var started = _options.Time.GetTimestamp();
            try
            {
                await RunLoopOnceAsync(ct).ConfigureAwait(false);
                if (ct.IsCancellationRequested) return;
                throw new InvalidOperationException("the scheduling loop stopped on its own");
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // A loop that ran well for a while before failing starts over from the shortest pause.
                if (_options.Time.GetElapsedTime(started) > _options.MaxRestartBackoff) backoff = _options.InitialRestartBackoff;
                _logger.LoopFailed(backoff, e);
                try
                {
                    await Task.Delay(backoff, _options.Time, ct).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _options.MaxRestartBackoff.Ticks));
            }
        }
    }

    private async Task RunLoopOnceAsync(CancellationToken ct)
    {
        await using var cluster = new ApiSchedulerCluster(_client, _options.InformerOptions, _loggers);
        var loop = new SchedulingLoop(cluster, new SchedulerOptions
            {
                Configuration = Configuration, Metrics = Metrics, Time = _options.Time, OpportunisticBatching = _options.OpportunisticBatching,
            },
            _loggers.CreateLogger<SchedulingLoop>());
        _loop = loop;
        try
        {
            await loop.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _loop = null;
        }
    }
}
