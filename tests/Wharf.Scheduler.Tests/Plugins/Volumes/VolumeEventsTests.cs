using k8s;
using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Plugins;
using Wharf.Scheduler.Plugins.NodeVolumeLimits;
using Wharf.Scheduler.Plugins.VolumeBinding;
using Wharf.Scheduler.Plugins.VolumeRestrictions;
using Wharf.Scheduler.Plugins.VolumeZone;
using Wharf.Scheduler.Scheduling;

namespace Wharf.Scheduler.Tests.Plugins.Volumes;

/// <summary>Storage object changes become cluster events that requeue exactly the pods the volume plugins rejected for them.</summary>
public class VolumeEventsTests
{
    public static TheoryData<string, IKubernetesObject<V1ObjectMeta>, ClusterChangeType, EventResource, ActionType> Routes => new()
    {
        { "PV added", Storage.Pv("pv"), ClusterChangeType.Added, EventResource.PersistentVolume, ActionType.Add },
        { "PVC updated", Storage.Pvc("c"), ClusterChangeType.Modified, EventResource.PersistentVolumeClaim, ActionType.UpdateOther },
        { "StorageClass deleted", Storage.Class("sc"), ClusterChangeType.Deleted, EventResource.StorageClass, ActionType.Delete },
        { "CSINode added", Storage.CsiNode("n", "d", 1), ClusterChangeType.Added, EventResource.CSINode, ActionType.Add },
        { "CSIStorageCapacity updated", Storage.Capacity("cap", "sc", "1Gi"), ClusterChangeType.Modified, EventResource.CSIStorageCapacity, ActionType.UpdateOther },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public void StorageChanges_BecomeClusterEvents(string name, IKubernetesObject<V1ObjectMeta> obj, ClusterChangeType type, EventResource resource, ActionType action)
    {
        var evt = ClusterEventRouter.StorageEvent(type, obj);

        Assert.Equal((resource, action), (evt?.Resource, evt?.Action));
        Assert.NotNull(name);
    }

    [Fact]
    public void NonStorageObjects_AreNoStorageEvent()
    {
        Assert.Null(ClusterEventRouter.StorageEvent(ClusterChangeType.Added, new V1Namespace { Metadata = new V1ObjectMeta { Name = "x" } }));
    }

    [Theory]
    [InlineData("VolumeBinding: a claim getting bound", PluginNames.VolumeBinding, EventResource.PersistentVolumeClaim, ActionType.UpdateOther, true)]
    [InlineData("VolumeBinding: a new PV", PluginNames.VolumeBinding, EventResource.PersistentVolume, ActionType.Add, true)]
    [InlineData("VolumeBinding: a PV deleted", PluginNames.VolumeBinding, EventResource.PersistentVolume, ActionType.Delete, false)]
    [InlineData("VolumeZone: a StorageClass updated (bindingMode is immutable)", PluginNames.VolumeZone, EventResource.StorageClass, ActionType.UpdateOther, false)]
    [InlineData("VolumeRestrictions: a pod deleted frees its claim", PluginNames.VolumeRestrictions, EventResource.Pod, ActionType.Delete, true)]
    [InlineData("NodeVolumeLimits: a CSINode updated", PluginNames.NodeVolumeLimits, EventResource.CSINode, ActionType.UpdateOther, true)]
    public void Registrations_AsUpstream(string name, string plugin, EventResource resource, ActionType action, bool requeues)
    {
        var objects = new ClusterObjects();
        IEnqueueExtensions p = plugin switch
        {
            PluginNames.VolumeBinding => new VolumeBindingPlugin(new VolumeBinder(objects, null, TimeSpan.FromSeconds(1), TimeProvider.System)),
            PluginNames.VolumeZone => new VolumeZonePlugin(objects),
            PluginNames.VolumeRestrictions => new VolumeRestrictionsPlugin(objects),
            _ => new NodeVolumeLimitsPlugin(objects),
        };

        Assert.Equal(requeues, p.EventsToRegister().Any(r => r.Matches(new ClusterEvent(resource, action))));
        Assert.NotNull(name);
    }
}
