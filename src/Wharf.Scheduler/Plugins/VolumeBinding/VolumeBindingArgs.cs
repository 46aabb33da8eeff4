namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>VolumeBindingArgs: how long PreBind waits for the PV controller to complete the bindings it asked for.</summary>
public sealed class VolumeBindingArgs
{
    /// <summary>Upstream's default, 600 seconds.</summary>
    public long BindTimeoutSeconds { get; set; } = 600;
}
