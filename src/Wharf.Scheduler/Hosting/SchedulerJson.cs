using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using k8s;
using k8s.Models;
using Wharf.Client.Cache;

namespace Wharf.Scheduler.Hosting;

/// <summary>
/// How the scheduler's informers read objects: the KubernetesClient models' serializer options, except that
/// metadata.managedFields is skipped while parsing (kube-scheduler's informers strip it; the scheduler never reads
/// it, and it is a large share of every pod's bytes), and so are a pod's container statuses: no plugin or queue
/// step reads them (the scheduler's pod status writes are patches of conditions and the nomination, never the
/// cached pod), and the kubelet's every status write would otherwise parse them for nothing.
/// </summary>
internal static class SchedulerJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static TypedModel<T> Model<T>() where T : class, IKubernetesObject<V1ObjectMeta> =>
        new(Options, o => o.Metadata?.NamespaceProperty, o => o.Metadata?.Name, o => o.Metadata?.ResourceVersion);

    private static JsonSerializerOptions Create()
    {
        // KubernetesJson keeps its options private; AddJsonOptions hands them over, and a copy leaves them untouched.
        JsonSerializerOptions? models = null;
        KubernetesJson.AddJsonOptions(o => models = o);
        var options = new JsonSerializerOptions(models!);
        options.TypeInfoResolver = (options.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver())
            .WithAddedModifier(info => Skip(info, typeof(V1ObjectMeta), "managedFields"))
            .WithAddedModifier(info => Skip(info, typeof(V1PodStatus), "containerStatuses", "initContainerStatuses", "ephemeralContainerStatuses"));
        options.MakeReadOnly();
        return options;
    }

    /// <summary>The named JSON properties of <paramref name="type"/> are skipped unread.</summary>
    private static void Skip(JsonTypeInfo info, Type type, params string[] names)
    {
        if (info.Type != type) return;
        for (var i = info.Properties.Count - 1; i >= 0; i--)
        {
            if (names.Contains(info.Properties[i].Name)) info.Properties.RemoveAt(i);
        }
    }
}
