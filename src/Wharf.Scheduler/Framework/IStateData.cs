namespace Wharf.Scheduler.Framework;

/// <summary>
/// Data a plugin stores in <see cref="CycleState"/>. Preemption copies the state before simulating evictions:
/// immutable data keeps the default (share), mutable data must return a deep copy.
/// </summary>
public interface IStateData
{
    IStateData Copy() => this;
}
