using System.Collections.Concurrent;
using System.Text.Json;
using Wharf.Storage;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// Whether a stored namespace is being terminated, remembered per namespace and revision so that the read every
/// create makes does not parse the namespace document again while it is unchanged.
/// </summary>
internal sealed class NamespaceStates
{
    // Namespaces are few; the bound only guards against unbounded growth from churn.
    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<string, (long Revision, bool Terminating)> _known = new(StringComparer.Ordinal);

    public bool IsTerminating(StoredObject stored)
    {
        if (_known.TryGetValue(stored.Key, out var known) && known.Revision == stored.ModRevision)
            return known.Terminating;
        var terminating = Parse(stored.Value);
        if (_known.Count >= MaxEntries) _known.Clear();
        _known[stored.Key] = (stored.ModRevision, terminating);
        return terminating;
    }

    /// <summary>Terminating = <c>metadata.deletionTimestamp</c> set (not null) or <c>status.phase</c> "Terminating".</summary>
    private static bool Parse(ReadOnlyMemory<byte> json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("metadata"u8, out var meta) && meta.ValueKind == JsonValueKind.Object
            && meta.TryGetProperty("deletionTimestamp"u8, out var deletion) && deletion.ValueKind != JsonValueKind.Null)
            return true;
        return root.TryGetProperty("status"u8, out var status) && status.ValueKind == JsonValueKind.Object
            && status.TryGetProperty("phase"u8, out var phase) && phase.ValueKind == JsonValueKind.String
            && phase.ValueEquals("Terminating"u8);
    }
}
