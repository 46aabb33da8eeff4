using k8s.Models;

namespace Wharf.Scheduler.Util;

/// <summary>Small pod facts used all over the scheduler.</summary>
public static class PodHelpers
{
    public static int Priority(this V1Pod pod) => pod.Spec?.Priority ?? 0;

    public static string Key(this V1Pod pod) => $"{pod.Metadata?.NamespaceProperty}/{pod.Metadata?.Name}";

    public static string Uid(this V1Pod pod) => pod.Metadata?.Uid ?? pod.Key();

    public static DateTime StartTime(this V1Pod pod) =>
        pod.Status?.StartTime ?? pod.Metadata?.CreationTimestamp ?? DateTime.MaxValue;

    public static bool IsTerminating(this V1Pod pod) => pod.Metadata?.DeletionTimestamp is not null;

    public static bool IsTerminal(this V1Pod pod) => pod.Status?.Phase is "Succeeded" or "Failed";

    /// <summary>Upstream MoreImportantPod: higher priority first, then the one that started earlier.</summary>
    public static bool MoreImportantThan(this V1Pod a, V1Pod b)
    {
        var (pa, pb) = (a.Priority(), b.Priority());
        return pa != pb ? pa > pb : a.StartTime() < b.StartTime();
    }

    /// <summary>Image names compare with an implicit ":latest" tag, as upstream normalises them.</summary>
    public static string NormalizeImage(string name) =>
        name.LastIndexOf(':') <= name.LastIndexOf('/') ? name + ":latest" : name;
}
