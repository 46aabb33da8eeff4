using System.Text;

namespace Wharf.Scheduler.Framework;

/// <summary>
/// Collects a pod's signature fragments by key (a later write of the same key replaces the earlier one, as
/// upstream's map does) and renders them in key order, so that equal pods give equal strings.
/// </summary>
public sealed class PodSignatureBuilder
{
    private readonly SortedDictionary<string, string> _fragments = new(StringComparer.Ordinal);

    public void Add(string key, string value) => _fragments[key] = value;

    public int Count => _fragments.Count;

    public string Build()
    {
        var sb = new StringBuilder();
        foreach (var (key, value) in _fragments) sb.Append(key).Append('=').Append(value).Append('\n');
        return sb.ToString();
    }
}
