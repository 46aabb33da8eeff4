using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Wharf.Client.Meta;
using Wharf.Client.Rest;

namespace Wharf.Client.Events;

/// <summary>
/// Writes Events in the background through a bounded queue (dropping when it is full, as client-go's broadcaster
/// does). A repeat of the same (object, type, reason, message) within ten minutes bumps count and lastTimestamp of
/// the existing Event instead of creating another.
/// </summary>
public sealed partial class EventRecorder : IEventRecorder, IAsyncDisposable
{
    private static readonly TimeSpan AggregationWindow = TimeSpan.FromMinutes(10);
    private readonly Channel<PendingEvent> _pending = Channel.CreateBounded<PendingEvent>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly EventRepeats _seen = new(AggregationWindow);
    private readonly IApiClient _client;
    private readonly string _component;
    private readonly string _host;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Task _loop;
    private readonly CancellationTokenSource _abandon = new();

    public EventRecorder(IApiClient client, string component, string? host = null, TimeProvider? time = null, ILogger? logger = null)
    {
        _client = client;
        _component = component;
        _host = host ?? Environment.MachineName.ToLowerInvariant();
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _loop = Task.Run(WriteLoopAsync);
    }

    public void Event(JsonObject involved, string type, string reason, string message) =>
        Event(InvolvedObject.From(involved), type, reason, message);

    /// <summary><see cref="Event(JsonObject, string, string, string)"/> for a caller that has the reference's strings.</summary>
    public void Event(InvolvedObject involved, string type, string reason, string message) =>
        _pending.Writer.TryWrite(new PendingEvent(type, reason, message, involved));

    private async Task WriteLoopAsync()
    {
        await foreach (var pending in _pending.Reader.ReadAllAsync())
        {
            try
            {
                await WriteAsync(pending);
            }
            catch (Exception e) when (e is ApiException or HttpRequestException or IOException or OperationCanceledException)
            {
                LogWriteFailed(_logger, pending.Reason, e.Message);
            }
        }
    }

    private async Task WriteAsync(PendingEvent pending)
    {
        var involvedName = pending.Reference.Name ?? "unknown";
        // Events about cluster-scoped objects live in "default", as upstream's recorder puts them.
        var ns = pending.Reference.Namespace is { Length: > 0 } n ? n : "default";
        var now = _time.GetUtcNow();
        var stamp = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var dedupeKey = string.Join('\u0000', pending.Reference.Uid, ns, involvedName, pending.Type, pending.Reason, pending.Message);

        if (_seen.TryGetRecent(dedupeKey, now, out var previous))
        {
            var count = previous.Count + 1;
            var patch = new JsonObject { ["count"] = count, ["lastTimestamp"] = stamp };
            try
            {
                await _client.PatchAsync(Resource.Events, previous.Namespace, previous.Name, PatchType.Merge, patch, null, _abandon.Token);
                _seen.Record(dedupeKey, previous with { Count = count, Last = now });
                return;
            }
            catch (ApiException e) when (e.IsNotFound)
            {
                // Gone (namespace cleanup, TTL): create a fresh one below.
            }
        }

        var name = $"{involvedName}.{(now.ToUnixTimeMilliseconds() * 1_000_000 + Random.Shared.Next(1_000_000)):x}";
        var body = JsonBody.Write(new NewEvent(name, ns, stamp, pending, _component, _host), WriteNewEvent);
        // The answer (the Event as stored) is not read: a repeat patches by the name chosen here.
        await _client.CreateWithoutAnswerAsync(Resource.Events, ns, body, _abandon.Token);
        _seen.Record(dedupeKey, (ns, name, 1, now));
    }

    private readonly record struct NewEvent(string Name, string Namespace, string Stamp, PendingEvent Pending, string Component, string Host);

    /// <summary>The Event's JSON, its fields in the order the recorder has always sent them.</summary>
    private static void WriteNewEvent(Utf8JsonWriter w, NewEvent e)
    {
        w.WriteStartObject();
        w.WriteString("apiVersion", "v1");
        w.WriteString("kind", "Event");
        w.WriteStartObject("metadata");
        w.WriteString("name", e.Name);
        w.WriteString("namespace", e.Namespace);
        w.WriteEndObject();
        var r = e.Pending.Reference;
        w.WriteStartObject("involvedObject"); // written once: a repeat patches instead
        w.WriteString("kind", r.Kind);
        w.WriteString("namespace", r.Namespace);
        w.WriteString("name", r.Name);
        w.WriteString("uid", r.Uid);
        w.WriteString("apiVersion", r.ApiVersion);
        w.WriteString("resourceVersion", r.ResourceVersion);
        w.WriteEndObject();
        w.WriteString("reason", e.Pending.Reason);
        w.WriteString("message", e.Pending.Message);
        w.WriteString("type", e.Pending.Type);
        w.WriteStartObject("source");
        w.WriteString("component", e.Component);
        w.WriteString("host", e.Host);
        w.WriteEndObject();
        w.WriteString("firstTimestamp", e.Stamp);
        w.WriteString("lastTimestamp", e.Stamp);
        w.WriteNumber("count", 1);
        w.WriteString("reportingComponent", e.Component);
        w.WriteString("reportingInstance", e.Host);
        w.WriteEndObject();
    }

    /// <summary>Writes what is queued, giving up on what is left after a short grace (the server may be gone).</summary>
    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        _abandon.CancelAfter(TimeSpan.FromSeconds(2));
        await _loop;
        _abandon.Dispose();
    }

    [LoggerMessage(EventId = 9020, Level = LogLevel.Warning, Message = "Could not write event {Reason}: {Message}")]
    private static partial void LogWriteFailed(ILogger logger, string? reason, string message);
}
