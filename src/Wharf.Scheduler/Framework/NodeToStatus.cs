namespace Wharf.Scheduler.Framework;

/// <summary>Filter statuses per node; nodes not in the map have <see cref="AbsentNodesStatus"/>.</summary>
public sealed class NodeToStatus
{
    private readonly Dictionary<string, Status> _statuses = new(StringComparer.Ordinal);

    public Status AbsentNodesStatus { get; set; } = Status.Unresolvable();

    public int Count => _statuses.Count;

    public IEnumerable<KeyValuePair<string, Status>> Entries => _statuses;

    public Status Get(string node) => _statuses.TryGetValue(node, out var s) ? s : AbsentNodesStatus;

    public void Set(string node, Status status)
    {
        lock (_statuses) _statuses[node] = status;
    }
}
