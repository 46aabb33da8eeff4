namespace Wharf.Scheduler.Framework;

/// <summary>Typed key into <see cref="CycleState"/>, so reads never need a string lookup plus a cast.</summary>
public sealed class StateKey<T>(string name) where T : class, IStateData
{
    public string Name { get; } = name;

    /// <summary>
    /// This key's slot in every <see cref="CycleState"/>: Filter and Score read their PreFilter/PreScore state once
    /// per node (five reads per node over ~500 nodes per pod), so a read is an array index, not a hash lookup.
    /// Keys are static fields of the plugins, so the slots stay few.
    /// </summary>
    internal int Slot { get; } = StateSlots.Next();

    public override string ToString() => Name;
}
