using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Client.Queue;

namespace Wharf.Controllers.GarbageCollector;

/// <summary>
/// Upstream's garbage collector: informers over every deletable resource feed an ownership graph; dependents whose
/// owners are all gone (or dangling: uid mismatch) are deleted, honouring foreground deletion (the owner's
/// <c>foregroundDeletion</c> finalizer is removed once no dependent blocks it) and orphaning (references to the
/// owner are removed from its dependents, then its <c>orphan</c> finalizer). Discovery is repeated every
/// <c>resyncPeriod</c> so custom resources are collected too. Work items are uids.
/// </summary>
public sealed partial class GarbageCollectorController : IController
{
    private readonly Channel<GraphEvent> _changes = Channel.CreateUnbounded<GraphEvent>(new UnboundedChannelOptions { SingleReader = true });
    private readonly WorkQueue<string> _attemptToDelete;
    private readonly WorkQueue<string> _attemptToOrphan;
    private readonly DependencyGraph _graph;
    private readonly ResourceMonitors _monitors;
    private readonly ItemCollector _collector;
    private readonly TimeSpan _resyncPeriod;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public GarbageCollectorController(ControllerContext context, TimeSpan? resyncPeriod = null)
    {
        _time = context.Time;
        _resyncPeriod = resyncPeriod ?? TimeSpan.FromSeconds(30);
        _logger = context.LoggerFactory.CreateLogger<GarbageCollectorController>();
        _attemptToDelete = new WorkQueue<string>(RateLimiters.Default<string>(_time), _time);
        _attemptToOrphan = new WorkQueue<string>(RateLimiters.Default<string>(_time), _time);
        var absent = new AbsentOwnerCache();
        _graph = new DependencyGraph(absent, _attemptToDelete.Add, _attemptToOrphan.Add);
        _monitors = new ResourceMonitors(context.Client, context.Informers, InformerOptions.Default with { Time = _time }, e => _changes.Writer.TryWrite(e), context.LoggerFactory);
        _collector = new ItemCollector(context.Client, _graph, _monitors, absent, e => _changes.Writer.TryWrite(e), _attemptToDelete.Add, _logger);
    }

    public string Name => ControllerNames.GarbageCollector;

    /// <summary>Nodes in the graph (for tests and metrics).</summary>
    internal int GraphSize => _graph.Count;

    public async Task RunAsync(int workers, CancellationToken ct)
    {
        using var stop = ct.Register(() =>
        {
            _attemptToDelete.ShutDown();
            _attemptToOrphan.ShutDown();
        });
        var processing = Task.Run(() => ProcessGraphChangesAsync(ct), CancellationToken.None);
        try
        {
            await SyncMonitorsAsync(ct);
            LogStarted(_logger, _monitors.Count);
            var deleteWorkers = Enumerable.Range(0, Math.Max(1, workers)).Select(_ =>
                Task.Run(() => WorkAsync(_attemptToDelete, _collector.AttemptToDeleteAsync, ct), CancellationToken.None));
            var orphanWorker = Task.Run(() => WorkAsync(_attemptToOrphan, _collector.AttemptToOrphanAsync, ct), CancellationToken.None);
            await Task.WhenAll([.. deleteWorkers, orphanWorker, ResyncLoopAsync(ct)]);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            _changes.Writer.TryComplete();
            await _monitors.StopAsync();
            await processing;
        }
    }

    private async Task ProcessGraphChangesAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var change in _changes.Reader.ReadAllAsync(ct)) _graph.Process(change);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ResyncLoopAsync(CancellationToken ct)
    {
        using var timer = new PeriodicTimer(_resyncPeriod, _time);
        while (await timer.WaitForNextTickAsync(ct)) await SyncMonitorsAsync(ct);
    }

    /// <summary>Discovery failures are logged and retried on the next period; they never stop collection.</summary>
    private async Task SyncMonitorsAsync(CancellationToken ct)
    {
        try
        {
            await _monitors.SyncAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), _time, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogResyncFailed(_logger, e.Message);
        }
    }

    private async Task WorkAsync(WorkQueue<string> queue, Func<string, CancellationToken, Task<bool>> attempt, CancellationToken ct)
    {
        while (true)
        {
            var (uid, shutdown) = await queue.GetAsync(CancellationToken.None);
            if (shutdown) return;
            try
            {
                if (await attempt(uid, ct)) queue.AddRateLimited(uid);
                else queue.Forget(uid);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (NamespacedOwnerException)
            {
                queue.Forget(uid);
            }
            catch (Exception e)
            {
                LogAttemptFailed(_logger, uid, e.Message);
                queue.AddRateLimited(uid);
            }
            finally
            {
                queue.Done(uid);
            }
        }
    }

    [LoggerMessage(EventId = 10733, Level = LogLevel.Information, Message = "Garbage collector started, monitoring {Resources} resources")]
    private static partial void LogStarted(ILogger logger, int resources);

    [LoggerMessage(EventId = 10734, Level = LogLevel.Warning, Message = "Garbage collector discovery failed: {Message}")]
    private static partial void LogResyncFailed(ILogger logger, string message);

    [LoggerMessage(EventId = 10735, Level = LogLevel.Warning, Message = "Garbage collection of {Uid} failed: {Message}")]
    private static partial void LogAttemptFailed(ILogger logger, string uid, string message);
}
