namespace Wharf.Scheduler.Framework;

/// <summary>Data a plugin stores in <see cref="CycleState"/>; cloned when preemption simulates evictions.</summary>
public interface IStateData
{
    IStateData Clone();
}
