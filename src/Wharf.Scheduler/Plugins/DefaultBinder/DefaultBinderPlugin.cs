using k8s.Models;
using Wharf.Scheduler.Framework;

namespace Wharf.Scheduler.Plugins.DefaultBinder;

/// <summary>Binds through the API (pods/binding).</summary>
internal sealed class DefaultBinderPlugin(IFrameworkHandle handle) : IBindPlugin
{
    public string Name => PluginNames.DefaultBinder;

    public async ValueTask<Status> BindAsync(CycleState state, V1Pod pod, string nodeName, CancellationToken ct)
    {
        try
        {
            await handle.Cluster.BindAsync(pod, nodeName, ct).ConfigureAwait(false);
            return Status.Success;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return Status.FromError(e);
        }
    }
}
