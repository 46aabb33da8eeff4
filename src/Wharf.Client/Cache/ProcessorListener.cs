using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Wharf.Client.Cache;

/// <summary>
/// Delivers notifications to one handler on its own loop, through an unbounded channel so a slow handler never
/// holds up the informer or the other handlers.
/// </summary>
internal sealed partial class ProcessorListener
{
    private readonly Channel<Notification> _pending = Channel.CreateUnbounded<Notification>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ResourceEventHandler _handler;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private long _nextResync;

    public ProcessorListener(ResourceEventHandler handler, ILogger logger, TimeProvider time)
    {
        _handler = handler;
        _logger = logger;
        _time = time;
        ScheduleResync();
        Completion = Task.Run(RunAsync);
    }

    public Task Completion { get; }

    public void Post(Notification notification) => _pending.Writer.TryWrite(notification);

    public void Complete() => _pending.Writer.TryComplete();

    /// <summary>Whether this handler's resync period has passed; if so the next one is scheduled.</summary>
    public bool ResyncDue()
    {
        if (_handler.ResyncPeriod <= TimeSpan.Zero || _time.GetTimestamp() < _nextResync) return false;
        ScheduleResync();
        return true;
    }

    private void ScheduleResync()
    {
        if (_handler.ResyncPeriod > TimeSpan.Zero)
            _nextResync = _time.GetTimestamp() + (long)(_handler.ResyncPeriod.TotalSeconds * _time.TimestampFrequency);
    }

    private async Task RunAsync()
    {
        await foreach (var n in _pending.Reader.ReadAllAsync())
        {
            try
            {
                switch (n.Kind)
                {
                    case NotificationKind.Add: _handler.OnAdd?.Invoke(n.New); break;
                    case NotificationKind.Update: _handler.OnUpdate?.Invoke(n.Old!, n.New); break;
                    case NotificationKind.Delete: _handler.OnDelete?.Invoke(n.New); break;
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
