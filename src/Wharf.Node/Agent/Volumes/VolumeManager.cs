using System.Text;
using k8s.Models;
using Wharf.Node.Agent.Pods;

namespace Wharf.Node.Agent.Volumes;

/// <summary>
/// Materialises a pod's volumes under DATA/agent/pods/UID/volumes/NAME: emptyDir (disk or tmpfs), hostPath with type
/// checks, and configMap, secret, downwardAPI and projected volumes written atomically (secrets and projected ones
/// on tmpfs, never on disk). Re-running set-up refreshes content from the API. PVC-backed volumes are the seam left
/// for the storage layer: they are refused here.
/// </summary>
internal sealed class VolumeManager(string podsDirectory, TokenCache tokens)
{
    public const int DefaultFileMode = 420; // 0644
    /// <summary>The auto-mounted service account volume; kubelet's path in every container.</summary>
    public const string ServiceAccountMountPath = "/var/run/secrets/kubernetes.io/serviceaccount";

    public string PodDirectory(string uid) => Path.Combine(podsDirectory, uid);

    public string VolumeDirectory(string uid, string volume) => Path.Combine(PodDirectory(uid), "volumes", volume);

    /// <summary>Sets up every volume; returns name → host path.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SetUpAsync(VolumeContext context, IEnumerable<V1Volume> volumes, CancellationToken ct)
    {
        var uid = context.Pod.Metadata.Uid;
        var paths = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var volume in volumes)
        {
            try
            {
                paths[volume.Name] = await SetUpOneAsync(context, uid, volume, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ContainerConfigException or InvalidOperationException or Client.Rest.ApiException)
            {
                throw new VolumeSetupException(volume.Name, $"MountVolume.SetUp failed for volume \"{volume.Name}\" : {e.Message}");
            }
        }
        return paths;
    }

    private async Task<string> SetUpOneAsync(VolumeContext context, string uid, V1Volume volume, CancellationToken ct)
    {
        var directory = VolumeDirectory(uid, volume.Name);
        if (volume.HostPath is { } hostPath)
            return HostPathCheck.Prepare(hostPath.Path, hostPath.Type ?? "");
        if (volume.EmptyDir is { } emptyDir)
        {
            if (emptyDir.Medium == "Memory")
                Tmpfs.Ensure(directory, (long)(emptyDir.SizeLimit?.ToDecimal() ?? 0));
            else
                Directory.CreateDirectory(directory);
            return directory;
        }
        if (volume.ConfigMap is { } configMap)
        {
            Directory.CreateDirectory(directory);
            var data = await context.Objects.ConfigMapAsync(configMap.Name, ct);
            if (data is null && configMap.Optional != true)
                throw new ContainerConfigException($"configmap \"{configMap.Name}\" not found");
            AtomicWriter.Write(directory, Project(data, configMap.Items, configMap.DefaultMode ?? DefaultFileMode, configMap.Optional == true, $"configmap {configMap.Name}"));
            return directory;
        }
        if (volume.Secret is { } secret)
        {
            Tmpfs.Ensure(directory, 0);
            var data = await context.Objects.SecretAsync(secret.SecretName, ct);
            if (data is null && secret.Optional != true)
                throw new ContainerConfigException($"secret \"{secret.SecretName}\" not found");
            AtomicWriter.Write(directory, Project(data, secret.Items, secret.DefaultMode ?? DefaultFileMode, secret.Optional == true, $"secret {secret.SecretName}"));
            return directory;
        }
        if (volume.DownwardAPI is { } downward)
        {
            Directory.CreateDirectory(directory);
            AtomicWriter.Write(directory, DownwardFiles(context, downward.Items, downward.DefaultMode ?? DefaultFileMode));
            return directory;
        }
        if (volume.Projected is { } projected)
        {
            Tmpfs.Ensure(directory, 0);
            AtomicWriter.Write(directory, await ProjectedAsync(context, projected, ct));
            return directory;
        }
        throw new InvalidOperationException("volume type not supported on this node");
    }

    private async Task<Dictionary<string, AtomicWriter.FileEntry>> ProjectedAsync(VolumeContext context, V1ProjectedVolumeSource projected, CancellationToken ct)
    {
        var mode = projected.DefaultMode ?? DefaultFileMode;
        var files = new Dictionary<string, AtomicWriter.FileEntry>(StringComparer.Ordinal);
        var pod = context.Pod;
        foreach (var source in projected.Sources ?? [])
        {
            if (source.ServiceAccountToken is { } token)
            {
                var jwt = await tokens.GetAsync(pod.Metadata.NamespaceProperty, pod.Spec.ServiceAccountName ?? "default",
                    pod.Metadata.Name, pod.Metadata.Uid, token.Audience, token.ExpirationSeconds ?? 3600, ct);
                files[token.Path] = new(Encoding.UTF8.GetBytes(jwt), mode);
            }
            else if (source.ConfigMap is { } configMap)
            {
                var data = await context.Objects.ConfigMapAsync(configMap.Name, ct);
                if (data is null && configMap.Optional != true)
                    throw new ContainerConfigException($"configmap \"{configMap.Name}\" not found");
                foreach (var (path, entry) in Project(data, configMap.Items, mode, configMap.Optional == true, $"configmap {configMap.Name}"))
                    files[path] = entry;
            }
            else if (source.Secret is { } secret)
            {
                var data = await context.Objects.SecretAsync(secret.Name, ct);
                if (data is null && secret.Optional != true)
                    throw new ContainerConfigException($"secret \"{secret.Name}\" not found");
                foreach (var (path, entry) in Project(data, secret.Items, mode, secret.Optional == true, $"secret {secret.Name}"))
                    files[path] = entry;
            }
            else if (source.DownwardAPI is { } downward)
            {
                foreach (var (path, entry) in DownwardFiles(context, downward.Items, mode))
                    files[path] = entry;
            }
        }
        return files;
    }

    /// <summary>Keys (or the listed items) to files; a listed key that is missing fails unless the source is optional.</summary>
    private static Dictionary<string, AtomicWriter.FileEntry> Project(IReadOnlyDictionary<string, byte[]>? data, IList<V1KeyToPath>? items, int mode, bool optional, string what)
    {
        var files = new Dictionary<string, AtomicWriter.FileEntry>(StringComparer.Ordinal);
        if (data is null)
            return files;
        if (items is null || items.Count == 0)
        {
            foreach (var (key, value) in data)
                files[key] = new(value, mode);
            return files;
        }
        foreach (var item in items)
        {
            if (data.TryGetValue(item.Key, out var value))
                files[item.Path] = new(value, item.Mode ?? mode);
            else if (!optional)
                throw new ContainerConfigException($"configmap references non-existent config key: {item.Key}".Replace("configmap", what.Split(' ')[0], StringComparison.Ordinal));
        }
        return files;
    }

    private static Dictionary<string, AtomicWriter.FileEntry> DownwardFiles(VolumeContext context, IList<V1DownwardAPIVolumeFile>? items, int mode)
    {
        var files = new Dictionary<string, AtomicWriter.FileEntry>(StringComparer.Ordinal);
        foreach (var item in items ?? [])
        {
            var value = item.FieldRef is { } field
                ? DownwardApi.Field(context.Pod, field.FieldPath, context.PodIp, context.HostIp)
                : item.ResourceFieldRef is { } resource
                    ? DownwardApi.Resource(context.Pod, null, resource, context.NodeCpu, context.NodeMemory)
                    : "";
            files[item.Path] = new(Encoding.UTF8.GetBytes(value), item.Mode ?? mode);
        }
        return files;
    }

    /// <summary>Unmounts and removes everything of a pod below the pods directory.</summary>
    public void TearDown(string uid)
    {
        tokens.Forget(uid);
        var podDirectory = PodDirectory(uid);
        var volumes = Path.Combine(podDirectory, "volumes");
        if (Directory.Exists(volumes))
        {
            foreach (var directory in Directory.GetDirectories(volumes))
                Tmpfs.Unmount(directory);
        }
        if (Directory.Exists(podDirectory))
            Directory.Delete(podDirectory, recursive: true);
    }
}
