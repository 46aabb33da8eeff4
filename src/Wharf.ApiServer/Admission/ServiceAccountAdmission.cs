using System.Text.Json.Nodes;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.Storage;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// Upstream's ServiceAccount admission for new pods: <c>serviceAccountName</c> defaults to <c>default</c>; unless
/// automounting is turned off (on the pod, else on the ServiceAccount) a projected <c>kube-api-access-XXXXX</c> volume
/// with a bound token, the cluster CA and the namespace is added and mounted read-only at
/// <c>/var/run/secrets/kubernetes.io/serviceaccount</c> in every container that has nothing there; the ServiceAccount's
/// imagePullSecrets are copied to a pod that names none. A pod whose ServiceAccount does not exist is refused (403),
/// as upstream refuses it; <see cref="ServiceAccountLookup"/> waits a while for the <c>default</c> account, which the
/// ServiceAccount controller creates right after each namespace.
/// </summary>
internal sealed class ServiceAccountAdmission(IStorageBackend storage, TimeProvider? time = null, TimeSpan? defaultAccountWait = null) : IAdmissionPlugin, IWriteObserver
{
    public const string DefaultServiceAccount = "default";
    public const string MountPath = "/var/run/secrets/kubernetes.io/serviceaccount";
    public const string VolumePrefix = "kube-api-access-";

    /// <summary>Upstream's expiry for the token of this volume: an hour and seven seconds, recognisable as the legacy-safe default.</summary>
    private const long TokenExpirationSeconds = 3607;

    // Upstream's random-name alphabet: no vowels (no words) and no easily confused characters.
    private const string NameAlphabet = "bcdfghjklmnpqrstvwxz2456789";

    private readonly ServiceAccountLookup _accounts = new(storage, time ?? TimeProvider.System, defaultAccountWait ?? ServiceAccountLookup.DefaultAccountWait);

    public string Name => "ServiceAccount";

    public async Task AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
    {
        if (request.Kind.Group != "" || request.Kind.Plural != "pods" || request.Operation != AdmissionOperation.Create
            || request.Subresource is not null || request.Object is null || IsMirrorPod(request.Object))
            return;
        var spec = request.Object.Obj("spec");
        var accountName = spec.Str("serviceAccountName") is { Length: > 0 } given ? given : DefaultServiceAccount;
        spec["serviceAccountName"] = accountName;
        var account = await _accounts.FindAsync(request.Namespace ?? "", accountName, cancellationToken)
            ?? throw NotFound(request, accountName);

        if (ShouldAutomount(spec, account))
            MountToken(spec);
        if (spec["imagePullSecrets"] is not JsonArray { Count: > 0 } && account.ImagePullSecrets() is { } secrets)
            spec["imagePullSecrets"] = secrets;
    }

    public void Written(ResourceKind kind, string? ns, string name)
    {
        if (ns is not null && AdmittedKinds.Is(kind, AdmittedKinds.ServiceAccounts))
            _accounts.Written(ns);
    }

    /// <summary>Upstream's wording: <c>pods "p" is forbidden: error looking up service account ns/sa: serviceaccount "sa" not found</c>.</summary>
    private static StatusException NotFound(AdmissionRequest request, string accountName)
    {
        var name = NameAsUpstreamShowsIt(request);
        return new(403, "Forbidden",
            $"pods \"{name}\" is forbidden: error looking up service account {request.Namespace}/{accountName}: serviceaccount \"{accountName}\" not found",
            new StatusDetails(name, "", "pods"));
    }

    /// <summary>
    /// Upstream admits a pod before it generates its name, so its refusals name a generated pod by its prefix
    /// (<c>pods "web-5d4f8c7b9-" is forbidden</c>, what a ReplicaSet's events show); Wharf has generated the name
    /// already (the prefix, cut to 248 characters, and five random ones), so it shows the prefix again.
    /// </summary>
    private static string NameAsUpstreamShowsIt(AdmissionRequest request)
    {
        var prefix = request.Object?["metadata"].Str("generateName");
        if (string.IsNullOrEmpty(prefix)) return request.Name;
        var kept = prefix.Length > 248 ? prefix[..248] : prefix;
        return request.Name.Length == kept.Length + 5 && request.Name.StartsWith(kept, StringComparison.Ordinal) ? prefix : request.Name;
    }

    private static bool IsMirrorPod(JsonObject pod) => pod["metadata"]?["annotations"]?["kubernetes.io/config.mirror"] is not null;

    private static bool ShouldAutomount(JsonObject spec, ServiceAccountFacts account) =>
        spec["automountServiceAccountToken"].Bool() ?? account.AutomountToken ?? true;

    private static void MountToken(JsonObject spec)
    {
        var containers = new[] { "initContainers", "containers" }
            .SelectMany(field => spec[field] as JsonArray ?? []).OfType<JsonObject>().ToList();
        var needing = containers.Where(c => !(c["volumeMounts"] as JsonArray ?? []).OfType<JsonObject>().Any(m => m.Str("mountPath") == MountPath)).ToList();
        if (needing.Count == 0)
            return;
        var volumes = spec["volumes"] as JsonArray ?? [];
        spec["volumes"] = volumes;
        var existing = volumes.OfType<JsonObject>().FirstOrDefault(v => v.Str("name")?.StartsWith(VolumePrefix, StringComparison.Ordinal) == true);
        var name = existing?.Str("name") ?? NewVolumeName(volumes);
        if (existing is null)
            volumes.Add(TokenVolume(name));
        foreach (var container in needing)
        {
            var mounts = container["volumeMounts"] as JsonArray ?? [];
            container["volumeMounts"] = mounts;
            mounts.Add(new JsonObject { ["name"] = name, ["readOnly"] = true, ["mountPath"] = MountPath });
        }
    }

    private static string NewVolumeName(JsonArray volumes)
    {
        var taken = volumes.OfType<JsonObject>().Select(v => v.Str("name")).ToHashSet();
        while (true)
        {
            var name = VolumePrefix + new string(Enumerable.Range(0, 5).Select(_ => NameAlphabet[Random.Shared.Next(NameAlphabet.Length)]).ToArray());
            if (!taken.Contains(name)) return name;
        }
    }

    private static JsonObject TokenVolume(string name) => new()
    {
        ["name"] = name,
        ["projected"] = new JsonObject
        {
            ["defaultMode"] = 420,
            ["sources"] = new JsonArray(
                new JsonObject { ["serviceAccountToken"] = new JsonObject { ["expirationSeconds"] = TokenExpirationSeconds, ["path"] = "token" } },
                new JsonObject
                {
                    ["configMap"] = new JsonObject
                    {
                        ["name"] = "kube-root-ca.crt",
                        ["items"] = new JsonArray(new JsonObject { ["key"] = "ca.crt", ["path"] = "ca.crt" }),
                    },
                },
                new JsonObject
                {
                    ["downwardAPI"] = new JsonObject
                    {
                        ["items"] = new JsonArray(new JsonObject
                        {
                            ["path"] = "namespace",
                            ["fieldRef"] = new JsonObject { ["apiVersion"] = "v1", ["fieldPath"] = "metadata.namespace" },
                        }),
                    },
                }),
        },
    };
}
