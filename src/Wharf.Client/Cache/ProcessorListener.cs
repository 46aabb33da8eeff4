using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Wharf.Client.Cache;

/// <summary>
/// Delivers notifications to one handler on its own loop, through an unbounded channel so a slow handler never
/// holds up the informer or the other handlers.
/// </summary>
internal sealed partial class ProcessorListener<T> where T : class
{
    private readonly Channel<Notification<T>> _pending = Channel.CreateUnbounded<Notification<T>>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Action<T>? _onAdd;
    private readonly Action<T, T>? _onUpdate;
    private readonly Action<T>? _onDelete;
    private readonly TimeSpan _resyncPeriod;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _nextResync;

    public ProcessorListener(Action<T>? onAdd, Action<T, T>? onUpdate, Action<T>? onDelete, TimeSpan resyncPeriod, ILogger logger, TimeProvider time)
    {
        (_onAdd, _onUpdate, _onDelete, _resyncPeriod) = (onAdd, onUpdate, onDelete, resyncPeriod);
        _logger = logger;
        _time = time;
        ScheduleResync();
        Completion = Task.Run(RunAsync);
    }

    public Task Completion { get; }

    public void Post(Notification<T> notification) => _pending.Writer.TryWrite(notification);

    public void Complete() => _pending.Writer.TryComplete();

    /// <summary>Whether this handler's resync period has passed; if so the next one is scheduled.</summary>
    public bool ResyncDue()
    {
        if (_resyncPeriod <= TimeSpan.Zero || _time.GetTimestamp() < _nextResync) return false;
        ScheduleResync();
        return true;
    }

    private void ScheduleResync()
    {
        if (_resyncPeriod > TimeSpan.Zero)
            _nextResync = _time.GetTimestamp() + (long)(_resyncPeriod.TotalSeconds * _time.TimestampFrequency);
    }

    private async Task RunAsync()
    {
        await foreach (var n in _pending.Reader.ReadAllAsync())
        {
            try
            {
                switch (n.Kind)
                {
                    case NotificationKind.Add: _onAdd?.Invoke(n.New); break;
                    case NotificationKind.Update: _onUpdate?.Invoke(n.Old!, n.New); break;
                    case NotificationKind.Delete: _onDelete?.Invoke(n.New); break;
                }
            }
            catch (Exception e)
            {
                LogHandlerFailed(_logger, n.Kind.ToString(), e);
            }
        }
    }

    [LoggerMessage(EventId = 9010, Level = LogLevel.Error, Message = "Informer event handler failed on {Kind}")]
    private static partial void LogHandlerFailed(ILogger logger, string kind, Exception exception);
}
