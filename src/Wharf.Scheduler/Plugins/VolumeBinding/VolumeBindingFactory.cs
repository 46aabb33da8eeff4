using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Config;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>Builds the plugin from its args; the PV/PVC writes go through the cluster when it can make them.</summary>
internal static class VolumeBindingFactory
{
    public static IPlugin Create(PluginContext context)
    {
        var args = context.Args<VolumeBindingArgs>();
        if (args.BindTimeoutSeconds < 0) throw new InvalidSchedulerConfigException(["VolumeBindingArgs.bindTimeoutSeconds: Invalid value: must be non-negative"]);
        var binder = new VolumeBinder(context.Handle.Objects, context.Handle.Cluster as IPersistentVolumeWriter,
            TimeSpan.FromSeconds(args.BindTimeoutSeconds), context.Handle.Time);
        return new VolumeBindingPlugin(binder);
    }
}
