using System.Text.Json.Nodes;
using Wharf.Client.Cache;
using Wharf.Client.Meta;

namespace Wharf.Controllers;

/// <summary>
/// The resourceVersions a controller's own status writes produced, per object, so that the watch event each write
/// causes does not wake the controller again. That version is the object the pass acted on (a write on a version
/// the pass did not read fails on the resourceVersion precondition) with the status the pass computed: a new pass
/// would find nothing to do, and every other change to the object or to what it counts arrives as an event of its
/// own. An event that overtakes the write's answer is simply not recognised and wakes the controller as before.
/// </summary>
internal sealed class OwnWrites
{
    /// <summary>A pass writes one object a few times at most (revision, then status); older versions are let go.</summary>
    private const int PerObject = 4;

    private readonly object _lock = new();
    private readonly Dictionary<string, List<string>> _versions = new(StringComparer.Ordinal);

    /// <summary>Remembers the version the server answered a write of ours with.</summary>
    public void Record(JsonObject written) => Record(AnswerMetadata.From(written));

    /// <summary>Remembers the version the server answered a write of ours with, read from the answer's metadata alone.</summary>
    public void Record(AnswerMetadata written)
    {
        if (written.ResourceVersion is not { } version) return;
        var key = CacheKeys.For(written.Namespace, written.Name ?? throw new ArgumentException("object has no metadata.name", nameof(written)));
        lock (_lock)
        {
            if (!_versions.TryGetValue(key, out var versions)) _versions[key] = versions = new List<string>(1);
            if (versions.Count == PerObject) versions.RemoveAt(0);
            versions.Add(version);
        }
    }

    /// <summary>Whether this object is exactly what one of our writes produced; each version is recognised once.</summary>
    public bool IsOwn(JsonObject obj)
    {
        if (ObjectMeta.ResourceVersion(obj) is not { } version) return false;
        var key = CacheKeys.For(obj);
        lock (_lock)
        {
            if (!_versions.TryGetValue(key, out var versions) || !versions.Remove(version)) return false;
            if (versions.Count == 0) _versions.Remove(key);
            return true;
        }
    }

    /// <summary>The object is gone: nothing of it to recognise any more.</summary>
    public void Forget(string key)
    {
        lock (_lock) _versions.Remove(key);
    }

    /// <summary>Objects with versions awaiting their event (for tests).</summary>
    public int Count
    {
        get { lock (_lock) return _versions.Count; }
    }
}
