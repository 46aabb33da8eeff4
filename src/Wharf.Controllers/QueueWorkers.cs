using Microsoft.Extensions.Logging;
using Wharf.Client.Cache;
using Wharf.Client.Queue;

namespace Wharf.Controllers;

/// <summary>
/// The worker loop every controller shares (client-go's processNextWorkItem): take a key, sync it, forget it on
/// success, re-add it rate-limited on failure (or after the asked delay for <see cref="RequeueAfterException"/>),
/// and always mark it done. Shuts the queue down when cancelled.
/// </summary>
internal static partial class QueueWorkers
{
    public static async Task RunAsync(string controller, IEnumerable<ISharedIndexInformer> informers, WorkQueue<string> queue,
        Func<string, CancellationToken, Task> sync, int workers, ILogger logger, CancellationToken ct)
    {
        using var stop = ct.Register(queue.ShutDown);
        try
        {
            await Task.WhenAll(informers.Select(i => i.WaitForSyncAsync(ct)));
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        LogStarted(logger, controller, workers);
        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, workers)).Select(_ => Task.Run(() => WorkAsync(queue, sync, logger, ct), CancellationToken.None)));
        LogStopped(logger, controller);
    }

    private static async Task WorkAsync(WorkQueue<string> queue, Func<string, CancellationToken, Task> sync, ILogger logger, CancellationToken ct)
    {
        while (true)
        {
            var (key, shutdown) = await queue.GetAsync(CancellationToken.None);
            if (shutdown) return;
            try
            {
                await sync(key, ct);
                queue.Forget(key);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
            }
            catch (RequeueAfterException e)
            {
                LogRequeue(logger, key, e.Message, e.Delay);
                queue.AddAfter(key, e.Delay);
            }
            catch (Exception e)
            {
                LogSyncFailed(logger, key, e.Message, queue.NumRequeues(key));
                queue.AddRateLimited(key);
            }
            finally
            {
                queue.Done(key);
            }
        }
    }

    [LoggerMessage(EventId = 10001, Level = LogLevel.Information, Message = "Started {Controller} with {Workers} workers")]
    private static partial void LogStarted(ILogger logger, string controller, int workers);

    [LoggerMessage(EventId = 10002, Level = LogLevel.Information, Message = "Stopped {Controller}")]
    private static partial void LogStopped(ILogger logger, string controller);

    [LoggerMessage(EventId = 10003, Level = LogLevel.Warning, Message = "Sync of {Key} failed ({Requeues} earlier failures): {Message}")]
    private static partial void LogSyncFailed(ILogger logger, string key, string message, int requeues);

    [LoggerMessage(EventId = 10004, Level = LogLevel.Debug, Message = "Sync of {Key} not finished ({Message}); again in {Delay}")]
    private static partial void LogRequeue(ILogger logger, string key, string message, TimeSpan delay);
}
