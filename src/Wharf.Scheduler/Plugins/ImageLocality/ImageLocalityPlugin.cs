using System.Runtime.CompilerServices;
using k8s.Models;
using Wharf.Scheduler.Framework;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.ImageLocality;

/// <summary>
/// Prefers nodes that already hold the pod's images, scaled by how widely each image is spread (so one node
/// holding a rare image does not attract everything), between 23 MB and 1000 MB per container.
/// </summary>
internal sealed class ImageLocalityPlugin(IFrameworkHandle handle) : IScorePlugin, ISignPlugin
{
    private const long Mb = 1024 * 1024;
    public const long MinThreshold = 23 * Mb;
    public const long MaxContainerThreshold = 1000 * Mb;

    public string Name => PluginNames.ImageLocality;

    /// <summary>Scores depend on the pod's images only.</summary>
    public bool SignPod(V1Pod pod, PodSignatureBuilder signature)
    {
        signature.Add(SignerNames.ImageNames, Signers.ImageNames(pod));
        return true;
    }

    // The pod's normalised image names, computed once per pod rather than once per node scored.
    private volatile PodImages? _last;

    [MethodImpl(HotPath.Options)]
    public Status Score(CycleState state, V1Pod pod, NodeInfo nodeInfo, out long score)
    {
        var snapshot = handle.Snapshot;
        var total = Math.Max(1, snapshot.NumNodes);
        long sum = 0;
        var images = ImagesOf(pod);
        foreach (var image in images)
        {
            if (!nodeInfo.Images.TryGetValue(image, out var size)) continue;
            var spread = (double)snapshot.ImageNodeCount(image) / total;
            sum += (long)(size * spread);
        }
        score = CalculatePriority(sum, images.Length);
        return Status.Success;
    }

    private string[] ImagesOf(V1Pod pod)
    {
        if (_last is { } last && ReferenceEquals(last.Pod, pod)) return last.Images;
        string[] images = [.. (pod.Spec?.InitContainers ?? []).Concat(pod.Spec?.Containers ?? []).Select(c => PodHelpers.NormalizeImage(c.Image ?? ""))];
        _last = new PodImages(pod, images);
        return images;
    }

    private sealed record PodImages(V1Pod Pod, string[] Images);

    public static long CalculatePriority(long sumScores, int numContainers)
    {
        var maxThreshold = MaxContainerThreshold * numContainers;
        sumScores = Math.Clamp(sumScores, MinThreshold, Math.Max(MinThreshold, maxThreshold));
        return maxThreshold <= MinThreshold ? 0 : NodeScore.MaxNodeScore * (sumScores - MinThreshold) / (maxThreshold - MinThreshold);
    }
}
