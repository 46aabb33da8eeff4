using Wharf.Controllers.Expectations;

namespace Wharf.Controllers.DaemonSet;

/// <summary>
/// Creations and deletions a DaemonSet awaits at once (upstream sets both in one <c>SetExpectations</c>): one pass may
/// start new pods on some nodes while deleting old ones on others, so each kind is tracked on its own
/// <see cref="ControllerExpectations"/> and the key is satisfied when both are.
/// </summary>
internal sealed class DaemonSetExpectations(TimeProvider time)
{
    private readonly ControllerExpectations _creations = new(time);
    private readonly ControllerExpectations _deletions = new(time);

    public bool Satisfied(string key) => _creations.Satisfied(key) && _deletions.Satisfied(key);

    public void Expect(string key, int creations, IEnumerable<string> deletions)
    {
        _creations.ExpectCreations(key, creations);
        _deletions.ExpectDeletions(key, deletions);
    }

    public void CreationObserved(string key) => _creations.CreationObserved(key);

    public void DeletionObserved(string key, string pod) => _deletions.DeletionObserved(key, pod);

    public void Delete(string key)
    {
        _creations.Delete(key);
        _deletions.Delete(key);
    }

    /// <summary>Creations and deletions still awaited, for tests.</summary>
    public (int Adds, int Deletes) Pending(string key) => (_creations.Get(key)?.Adds ?? 0, _deletions.Get(key)?.Deletes ?? 0);
}
