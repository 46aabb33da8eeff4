namespace Wharf.Scheduler.Framework;

/// <summary>Base of every plugin; a plugin implements only the extension-point interfaces it needs.</summary>
public interface IPlugin
{
    string Name { get; }
}
