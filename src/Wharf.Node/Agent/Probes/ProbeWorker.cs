using System.Text.Json.Nodes;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Wharf.Client.Events;

namespace Wharf.Node.Agent.Probes;

/// <summary>
/// One probe of one container instance, with upstream's timing: nothing before initialDelaySeconds, then an attempt
/// every periodSeconds; failureThreshold consecutive failures flip the result to false, successThreshold consecutive
/// successes to true. Each failed attempt is an <c>Unhealthy</c> event.
/// </summary>
internal sealed partial class ProbeWorker(
    ProbeRunner runner,
    IEventRecorder events,
    ILogger logger,
    TimeProvider time,
    string podUid,
    JsonObject podRef,
    string podIp,
    V1Container container,
    string containerId,
    ProbeKind kind,
    V1Probe probe,
    DateTimeOffset startedAt,
    ProbeManager manager,
    Action onChange)
{
    private readonly CancellationTokenSource _stop = new();
    private volatile object? _result = kind == ProbeKind.Liveness ? true : null;

    public string PodUid => podUid;

    /// <summary>The current result (null = unknown yet).</summary>
    public bool? Result => (bool?)_result;

    public string LastMessage { get; private set; } = "";

    public void Start() => _ = Task.Run(RunAsync);

    public void Stop() => _stop.Cancel();

    private async Task RunAsync()
    {
        var ct = _stop.Token;
        var period = TimeSpan.FromSeconds(Math.Max(1, probe.PeriodSeconds ?? 10));
        var failureThreshold = Math.Max(1, probe.FailureThreshold ?? 3);
        var successThreshold = kind == ProbeKind.Readiness ? Math.Max(1, probe.SuccessThreshold ?? 1) : 1;
        int failures = 0, successes = 0;
        try
        {
            var initialDelay = startedAt + TimeSpan.FromSeconds(probe.InitialDelaySeconds ?? 0) - time.GetUtcNow();
            if (initialDelay > TimeSpan.Zero)
                await Task.Delay(initialDelay, time, ct);
            while (!ct.IsCancellationRequested)
            {
                var waitForStartup = kind != ProbeKind.Startup && !manager.Started(containerId, container);
                var done = kind == ProbeKind.Startup && Result == true;
                if (!waitForStartup && !done)
                {
                    var outcome = await runner.RunAsync(probe, container, containerId, podIp, ct);
                    if (outcome.Success)
                    {
                        failures = 0;
                        if (++successes >= successThreshold)
                            SetResult(true);
                    }
                    else
                    {
                        successes = 0;
                        LastMessage = outcome.Message;
                        events.Event(podRef, EventTypes.Warning, "Unhealthy", $"{kind} probe failed: {outcome.Message}");
                        if (++failures >= failureThreshold)
                            SetResult(false);
                    }
                }
                await Task.Delay(period, time, ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            LogProbeCrashed(logger, kind, container.Name, e.Message);
        }
    }

    private void SetResult(bool value)
    {
        var previous = Result;
        _result = value;
        if (previous != value)
            onChange();
    }

    [LoggerMessage(EventId = 12040, Level = LogLevel.Warning, Message = "{Kind} probe worker of {Container} failed: {Message}")]
    private static partial void LogProbeCrashed(ILogger logger, ProbeKind kind, string container, string message);
}
