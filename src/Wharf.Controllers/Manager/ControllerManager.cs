using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client.Cache;
using Wharf.Client.Events;
using Wharf.Client.LeaderElection;
using Wharf.Client.Rest;

namespace Wharf.Controllers.Manager;

/// <summary>
/// Runs the selected controllers on one shared informer factory until cancelled. With leader election on, only
/// the holder of the Lease runs them; on losing it the controllers and informers stop and the manager
/// campaigns again, so several servers can run with one active manager.
/// </summary>
public sealed partial class ControllerManager
{
    public const string ComponentName = "wharf-controller-manager";

    private readonly IApiClient _client;
    private readonly ControllerManagerOptions _options;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<ControllerRegistry.Entry> _selected;
    private volatile bool _running;

    public ControllerManager(IApiClient client, ControllerManagerOptions options, ILoggerFactory? loggerFactory = null)
    {
        _client = client;
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<ControllerManager>();
        _selected = ControllerRegistry.Select(options.Controllers);
    }

    /// <summary>The controllers this manager runs when active.</summary>
    public IReadOnlyList<string> EnabledControllers => _selected.Select(e => e.Name).ToList();

    /// <summary>True while this manager's controllers run (it holds the lease, or leader election is off).</summary>
    public bool IsActive => _running;

    public string Identity => _options.Identity;

    public async Task RunAsync(CancellationToken ct)
    {
        await using var recorder = new EventRecorder(_client, ComponentName, time: _options.Time, logger: _logger);
        if (!_options.LeaderElect)
        {
            await RunControllersAsync(recorder, ct);
            return;
        }

        var elector = new LeaderElector(_client, new LeaderElectionConfig
        {
            LeaseNamespace = _options.LeaseNamespace,
            LeaseName = _options.LeaseName,
            Identity = _options.Identity,
            LeaseDuration = _options.LeaseDuration,
            RenewDeadline = _options.RenewDeadline,
            RetryPeriod = _options.RetryPeriod,
            Time = _options.Time,
        }, recorder, _loggerFactory.CreateLogger<LeaderElector>());
        while (!ct.IsCancellationRequested)
        {
            await elector.RunAsync(leading => RunControllersAsync(recorder, leading), ct);
            if (!ct.IsCancellationRequested) LogLostLeadership(_logger, _options.Identity);
        }
    }

    private async Task RunControllersAsync(IEventRecorder recorder, CancellationToken ct)
    {
        var informers = new SharedInformerFactory(_client, _options.Informers, _loggerFactory);
        var context = new ControllerContext(_client, informers, recorder, _loggerFactory, _options.Time);
        var controllers = _selected.Select(e => (Controller: e.Create(context, _options), Workers: e.Workers(_options))).ToList();
        informers.Start(ct);
        _running = true;
        LogStarting(_logger, string.Join(",", controllers.Select(c => c.Controller.Name)));
        try
        {
            await Task.WhenAll(controllers.Select(c => RunOneAsync(c.Controller, c.Workers, ct)));
        }
        finally
        {
            _running = false;
            await informers.ShutdownAsync();
        }
    }

    /// <summary>A controller that fails is logged and started again after a pause; it never takes the others down.</summary>
    private async Task RunOneAsync(IController controller, int workers, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await controller.RunAsync(workers, ct);
                return;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                LogControllerFailed(_logger, controller.Name, e);
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(5), _options.Time, ct);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    [LoggerMessage(EventId = 10201, Level = LogLevel.Information, Message = "Starting controllers: {Controllers}")]
    private static partial void LogStarting(ILogger logger, string controllers);

    [LoggerMessage(EventId = 10202, Level = LogLevel.Warning, Message = "{Identity} lost leadership; controllers stopped, campaigning again")]
    private static partial void LogLostLeadership(ILogger logger, string identity);

    [LoggerMessage(EventId = 10203, Level = LogLevel.Error, Message = "Controller {Controller} failed; restarting it")]
    private static partial void LogControllerFailed(ILogger logger, string controller, Exception exception);
}
