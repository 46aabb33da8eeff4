namespace Wharf.Scheduler.Plugins.NodeResources;

public sealed class ResourceSpec
{
    public string Name { get; set; } = "";
    public long Weight { get; set; } = 1;

    public static List<ResourceSpec> DefaultResources() => [new() { Name = "cpu", Weight = 1 }, new() { Name = "memory", Weight = 1 }];
}
