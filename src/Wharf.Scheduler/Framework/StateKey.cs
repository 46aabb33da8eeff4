namespace Wharf.Scheduler.Framework;

/// <summary>Typed key into <see cref="CycleState"/>, so reads never need a string lookup plus a cast.</summary>
public sealed class StateKey<T>(string name) where T : class, IStateData
{
    public string Name { get; } = name;

    public override string ToString() => Name;
}
