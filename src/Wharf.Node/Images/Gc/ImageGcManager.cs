using System.Text.Json.Nodes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Wharf.Client.Events;
using Wharf.Node.Runtime;

namespace Wharf.Node.Images.Gc;

/// <summary>
/// Kubelet's image garbage collector: notes which images containers use, and when the image filesystem is at or
/// above the high threshold removes unused images, least recently used first, until usage is back at the low
/// threshold. Pinned images (the sandbox image) and images first seen less than the minimum age ago are kept. A
/// collection that cannot free enough records FreeDiskSpaceFailed on the Node; a second failure in a row,
/// ImageGCFailed.
/// </summary>
public sealed partial class ImageGcManager
{
    private readonly IContainerRuntime _runtime;
    private readonly IImageFilesystem _filesystem;
    private readonly IEventRecorder _events;
    private readonly JsonObject _nodeRef;
    private readonly string _sandboxImage;
    private readonly ImageGcPolicy _policy;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ImageRecord> _records = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public ImageGcManager(IContainerRuntime runtime, IImageFilesystem filesystem, IEventRecorder events, string nodeName,
        string sandboxImage, ImageGcPolicy policy, TimeProvider time, ILogger logger)
    {
        policy.Validate();
        _runtime = runtime;
        _filesystem = filesystem;
        _events = events;
        // Kubelet's node reference carries the node name as its UID.
        _nodeRef = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["metadata"] = new JsonObject { ["name"] = nodeName, ["uid"] = nodeName } };
        _sandboxImage = sandboxImage;
        _policy = policy;
        _time = time;
        _logger = logger;
    }

    /// <summary>Collects at start and every period, notes used images in between; until cancelled.</summary>
    public async Task RunAsync(CancellationToken ct)
    {
        var failedBefore = false;
        var nextCollection = _time.GetUtcNow();
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (_time.GetUtcNow() >= nextCollection)
                {
                    nextCollection = _time.GetUtcNow() + _policy.Period;
                    try
                    {
                        await GarbageCollectAsync(ct);
                        failedBefore = false;
                    }
                    catch (Exception e) when (e is ImageGcException or RpcException or IOException)
                    {
                        LogCollectFailed(_logger, e.Message);
                        if (failedBefore)
                            _events.Event(_nodeRef, EventTypes.Warning, "ImageGCFailed", e.Message);
                        failedBefore = true;
                    }
                }
                else
                {
                    await DetectAsync(ct);
                }
                await Task.Delay(_policy.DetectPeriod, _time, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (RpcException e)
            {
                LogCollectFailed(_logger, e.Message);
                await Task.Delay(_policy.DetectPeriod, _time, ct).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
    }

    /// <summary>One collection; returns the bytes freed, throws <see cref="ImageGcException"/> when not enough could be.</summary>
    public async Task<long> GarbageCollectAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            var now = _time.GetUtcNow();
            var inUse = await DetectCoreAsync(now, ct);
            var (capacity, available) = _filesystem.Usage();
            available = Math.Min(available, capacity);
            if (capacity <= 0)
            {
                const string message = "invalid capacity 0 on image filesystem";
                _events.Event(_nodeRef, EventTypes.Warning, "InvalidDiskCapacity", message);
                throw new ImageGcException(message);
            }
            var usagePercent = 100 - (int)(available * 100 / capacity);
            if (usagePercent < _policy.HighThresholdPercent)
                return 0;

            var toFree = capacity * (100 - _policy.LowThresholdPercent) / 100 - available;
            LogCollecting(_logger, usagePercent, _policy.HighThresholdPercent, toFree);
            var freed = await FreeAsync(toFree, now, inUse, ct);
            if (freed < toFree)
            {
                var message = $"Failed to garbage collect required amount of images. Attempted to free {toFree} bytes, but only found {freed} bytes eligible to free.";
                _events.Event(_nodeRef, EventTypes.Warning, "FreeDiskSpaceFailed", message);
                throw new ImageGcException(message);
            }
            return freed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Notes the images now in use (their last use is now) and the images that appeared or went.</summary>
    public async Task DetectAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await DetectCoreAsync(_time.GetUtcNow(), ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HashSet<string>> DetectCoreAsync(DateTimeOffset now, CancellationToken ct)
    {
        var images = await _runtime.ListImagesAsync(ct);
        var containers = await _runtime.ListContainersAsync(null, null, ct);
        var references = containers
            .SelectMany(c => new[] { c.ImageRef, c.ImageId, c.Image?.Image })
            .Where(r => !string.IsNullOrEmpty(r))
            .ToHashSet(StringComparer.Ordinal);
        var inUse = new HashSet<string>(StringComparer.Ordinal);
        foreach (var image in images)
        {
            if (!_records.TryGetValue(image.Id, out var record))
                _records[image.Id] = record = new ImageRecord(now);
            record.Size = (long)image.Size;
            record.Pinned = image.Pinned || image.RepoTags.Contains(_sandboxImage) || image.Id == _sandboxImage;
            if (references.Contains(image.Id) || image.RepoTags.Any(references.Contains) || image.RepoDigests.Any(references.Contains))
            {
                inUse.Add(image.Id);
                record.LastUsed = now;
            }
        }
        var present = images.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _records.Keys.Where(id => !present.Contains(id)).ToList())
            _records.Remove(gone);
        return inUse;
    }

    private async Task<long> FreeAsync(long toFree, DateTimeOffset now, HashSet<string> inUse, CancellationToken ct)
    {
        var candidates = _records
            .Where(r => !inUse.Contains(r.Key) && !r.Value.Pinned)
            .OrderBy(r => r.Value.LastUsed)
            .ThenBy(r => r.Value.FirstDetected)
            .ToList();
        long freed = 0;
        var errors = new List<string>();
        foreach (var (id, record) in candidates)
        {
            if (now - record.FirstDetected < _policy.MinimumAge)
                continue;
            try
            {
                LogRemoving(_logger, id, record.Size);
                await _runtime.RemoveImageAsync(id, ct);
            }
            catch (RpcException e)
            {
                errors.Add(e.Status.Detail);
                continue;
            }
            _records.Remove(id);
            freed += record.Size;
            if (freed >= toFree)
                break;
        }
        if (errors.Count > 0)
            throw new ImageGcException($"wanted to free {toFree} bytes, but freed {freed} bytes space with errors in image deletion: [{string.Join(", ", errors)}]");
        return freed;
    }

    [LoggerMessage(EventId = 12300, Level = LogLevel.Information, Message = "Image filesystem at {Usage}% (threshold {High}%): freeing {Bytes} bytes of unused images")]
    private static partial void LogCollecting(ILogger logger, int usage, int high, long bytes);

    [LoggerMessage(EventId = 12301, Level = LogLevel.Information, Message = "Removing image {Image} ({Bytes} bytes)")]
    private static partial void LogRemoving(ILogger logger, string image, long bytes);

    [LoggerMessage(EventId = 12302, Level = LogLevel.Warning, Message = "Image garbage collection failed: {Message}")]
    private static partial void LogCollectFailed(ILogger logger, string message);
}
