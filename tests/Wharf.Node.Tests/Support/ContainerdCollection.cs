namespace Wharf.Node.Tests.Support;

/// <summary>Tests that run a real containerd go one at a time: two cores, and each owns routes and bridges.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ContainerdCollection
{
    public const string Name = "containerd";
}
