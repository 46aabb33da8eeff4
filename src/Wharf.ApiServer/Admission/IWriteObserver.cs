using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// An admission plugin that remembers what it read from the store (e.g. that a namespace is active) and must stop
/// trusting it once a write to that object has been committed. The store calls it after every create, update and
/// delete it attempted, committed or not (a failed write only costs the plugin one fresh read).
/// </summary>
public interface IWriteObserver
{
    void Written(ResourceKind kind, string? ns, string name);
}
