using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client.Events;
using Wharf.Client.Rest;

namespace Wharf.Client.LeaderElection;

/// <summary>
/// Campaigns for a Lease and keeps renewing it, as client-go's leaderelection does: a candidate takes the lease
/// when it is free or when its holder has not renewed it for a lease duration (timed by the local clock from
/// when the candidate last saw it change); the leader gives up when it cannot renew within the renew deadline.
/// Writes are conditional on resourceVersion, so two candidates never both win.
/// </summary>
public sealed partial class LeaderElector(IApiClient client, LeaderElectionConfig config, IEventRecorder? recorder = null, ILogger? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger.Instance;
    private readonly TimeProvider _time = config.Time;
    private LeaseRecord? _observed;
    private string? _observedRaw;
    private DateTimeOffset _observedTime;
    private JsonObject? _lease;
    private volatile bool _isLeader;

    public string Identity => config.Identity;

    public bool IsLeader => _isLeader;

    /// <summary>The holder seen on the last read of the lease.</summary>
    public string? ObservedLeader => _observed?.HolderIdentity;

    /// <summary>
    /// Campaigns until leading, runs <paramref name="onStartedLeading"/> with a token that fires when leadership is
    /// lost or <paramref name="ct"/> fires, and returns once leading has stopped (the callback returned or was
    /// cancelled). Call again to campaign again.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> onStartedLeading, CancellationToken ct)
    {
        if (!await AcquireAsync(ct)) return;
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _isLeader = true;
        LogBecameLeader(_logger, config.Identity, config.LeaseNamespace, config.LeaseName);
        RecordEvent("became leader");
        var work = Task.Run(() => onStartedLeading(leading.Token), CancellationToken.None);
        try
        {
            await RenewLoopAsync(leading.Token);
        }
        finally
        {
            _isLeader = false;
            leading.Cancel();
            try
            {
                await work;
            }
            catch (OperationCanceledException)
            {
            }
            catch (Exception e)
            {
                LogCallbackFailed(_logger, e);
            }
            LogStoppedLeading(_logger, config.Identity);
            RecordEvent("stopped leading");
            if (config.ReleaseOnCancel) await ReleaseAsync();
        }
    }

    private async Task<bool> AcquireAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (await TryAcquireOrRenewAsync(ct)) return true;
            try
            {
                await Task.Delay(Jittered(config.RetryPeriod), _time, ct);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }
        return false;
    }

    /// <summary>Returns when a renewal could not be done within the renew deadline or <paramref name="ct"/> fired.</summary>
    private async Task RenewLoopAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                await Task.Delay(config.RetryPeriod, _time, ct);
                var deadline = _time.GetUtcNow() + config.RenewDeadline;
                var renewed = false;
                while (!renewed && _time.GetUtcNow() < deadline)
                {
                    renewed = await TryAcquireOrRenewAsync(ct);
                    if (!renewed) await Task.Delay(config.RetryPeriod, _time, ct);
                }
                if (!renewed)
                {
                    LogLostLease(_logger, config.Identity, config.LeaseNamespace, config.LeaseName);
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    internal async Task<bool> TryAcquireOrRenewAsync(CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        var desired = new LeaseRecord(config.Identity, (int)config.LeaseDuration.TotalSeconds, now, now, 0);
        try
        {
            JsonObject lease;
            try
            {
                lease = await client.GetAsync(Resource.Leases, config.LeaseNamespace, config.LeaseName, ct);
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                var created = await client.CreateAsync(Resource.Leases, config.LeaseNamespace, NewLease(desired), ct);
                Observe(created, now);
                return true;
            }

            Observe(lease, now);
            var current = _observed!;
            var heldByOther = current.HolderIdentity.Length > 0 && current.HolderIdentity != config.Identity;
            if (heldByOther && _observedTime + TimeSpan.FromSeconds(current.LeaseDurationSeconds) > now)
                return false;

            desired = current.HolderIdentity == config.Identity
                ? desired with { AcquireTime = current.AcquireTime, LeaseTransitions = current.LeaseTransitions }
                : desired with { LeaseTransitions = current.LeaseTransitions + 1 };
            var update = lease.DeepClone().AsObject();
            update["spec"] = desired.ToSpec();
            var updated = await client.UpdateAsync(Resource.Leases, update, ct);
            Observe(updated, now);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            // Conflicts (another candidate wrote first) and transport errors alike: try again next period.
            LogAttemptFailed(_logger, config.LeaseNamespace, config.LeaseName, e.Message);
            return false;
        }
    }

    private void Observe(JsonObject lease, DateTimeOffset now)
    {
        _lease = lease;
        var raw = lease["spec"]?.ToJsonString();
        if (raw != _observedRaw)
        {
            _observedRaw = raw;
            _observed = LeaseRecord.FromLease(lease);
            _observedTime = now;
        }
    }

    private async Task ReleaseAsync()
    {
        if (_lease is null || _observed?.HolderIdentity != config.Identity) return;
        var now = _time.GetUtcNow();
        var released = _lease.DeepClone().AsObject();
        // client-go's release: no holder, a one-second duration, so followers take over on their next try.
        released["spec"] = new LeaseRecord("", 1, now, now, _observed.LeaseTransitions).ToSpec();
        try
        {
            using var timeout = new CancellationTokenSource(config.RenewDeadline);
            Observe(await client.UpdateAsync(Resource.Leases, released, timeout.Token), now);
        }
        catch (Exception e) when (e is ApiException or HttpRequestException or IOException or OperationCanceledException)
        {
            LogAttemptFailed(_logger, config.LeaseNamespace, config.LeaseName, e.Message);
        }
    }

    private JsonObject NewLease(LeaseRecord record) => new()
    {
        ["apiVersion"] = Resource.Leases.GroupVersion,
        ["kind"] = Resource.Leases.Kind,
        ["metadata"] = new JsonObject { ["name"] = config.LeaseName, ["namespace"] = config.LeaseNamespace },
        ["spec"] = record.ToSpec(),
    };

    private void RecordEvent(string what)
    {
        if (recorder is null || _lease is null) return;
        recorder.Event(_lease, EventTypes.Normal, "LeaderElection", $"{config.Identity} {what}");
    }

    private static TimeSpan Jittered(TimeSpan period) => period * (1 + Random.Shared.NextDouble() * 1.2);

    [LoggerMessage(EventId = 9030, Level = LogLevel.Information, Message = "{Identity} became leader of lease {Namespace}/{Name}")]
    private static partial void LogBecameLeader(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(EventId = 9031, Level = LogLevel.Information, Message = "{Identity} stopped leading")]
    private static partial void LogStoppedLeading(ILogger logger, string identity);

    [LoggerMessage(EventId = 9032, Level = LogLevel.Warning, Message = "{Identity} failed to renew lease {Namespace}/{Name} within the renew deadline")]
    private static partial void LogLostLease(ILogger logger, string identity, string @namespace, string name);

    [LoggerMessage(EventId = 9033, Level = LogLevel.Debug, Message = "Lease {Namespace}/{Name} not acquired or renewed: {Message}")]
    private static partial void LogAttemptFailed(ILogger logger, string @namespace, string name, string message);

    [LoggerMessage(EventId = 9034, Level = LogLevel.Error, Message = "The leading callback failed")]
    private static partial void LogCallbackFailed(ILogger logger, Exception exception);
}
