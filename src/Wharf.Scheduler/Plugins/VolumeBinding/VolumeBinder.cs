using k8s.Models;
using Wharf.Scheduler.Cluster;
using Wharf.Scheduler.Util;

namespace Wharf.Scheduler.Plugins.VolumeBinding;

/// <summary>
/// Upstream's SchedulerVolumeBinder: sorts a pod's claims, finds per node the PVs to bind or the claims to
/// provision, assumes the choice in its caches at Reserve, and at PreBind writes it to the API and waits for the
/// PV controller to complete the bindings. Faults are thrown as <see cref="VolumeBindingException"/>.
/// </summary>
internal sealed class VolumeBinder
{
    public const string ErrReasonBindConflict = "node(s) didn't find available persistent volumes to bind";
    public const string ErrReasonNodeConflict = "node(s) had volume node affinity conflict";
    public const string ErrReasonNotEnoughSpace = "node(s) did not have enough free storage";
    public const string ErrReasonPVNotExist = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";

    private readonly IClusterObjects _objects;
    private readonly IPersistentVolumeWriter? _writer;
    private readonly TimeSpan _bindTimeout;
    private readonly TimeProvider _time;

    public VolumeBinder(IClusterObjects objects, IPersistentVolumeWriter? writer, TimeSpan bindTimeout, TimeProvider time)
    {
        _objects = objects;
        _writer = writer;
        _bindTimeout = bindTimeout;
        _time = time;
        Pvs = new AssumeCache<V1PersistentVolume>(objects.PersistentVolume);
        Pvcs = new AssumeCache<V1PersistentVolumeClaim>(key => key.Split('/', 2) is [var ns, var name] ? objects.PersistentVolumeClaim(ns, name) : null);
    }

    public AssumeCache<V1PersistentVolume> Pvs { get; }

    public AssumeCache<V1PersistentVolumeClaim> Pvcs { get; }

    /// <summary>How often PreBind looks at the bindings while waiting (upstream polls every second).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Claims of the pod, in its namespace, that the scheduler must see bound or bind: volumes with a claim or an ephemeral claim.</summary>
    public static IEnumerable<(string Name, bool Ephemeral)> ClaimsOf(V1Pod pod) =>
        (pod.Spec?.Volumes ?? []).Select(v => StorageHelpers.ClaimOf(pod, v)).OfType<(string, bool)>();

    /// <summary>Upstream's podHasPVCs: null when every claim exists and is usable, else why the pod cannot be scheduled.</summary>
    public string? CheckClaimsUsable(V1Pod pod)
    {
        var ns = pod.Metadata?.NamespaceProperty ?? "";
        foreach (var (name, ephemeral) in ClaimsOf(pod))
        {
            var pvc = _objects.PersistentVolumeClaim(ns, name);
            if (pvc is null)
                return ephemeral
                    ? $"waiting for ephemeral volume controller to create the persistentvolumeclaim \"{name}\""
                    : $"persistentvolumeclaim \"{name}\" not found";
            if (pvc.Status?.Phase == "Lost")
                return $"persistentvolumeclaim \"{name}\" bound to non-existent persistentvolume \"{pvc.Spec?.VolumeName}\"";
            if (pvc.Metadata?.DeletionTimestamp is not null) return $"persistentvolumeclaim \"{name}\" is being deleted";
            if (ephemeral && !(pvc.Metadata?.OwnerReferences ?? []).Any(o => o.Controller == true && o.Uid == pod.Metadata?.Uid))
                return $"PVC {ns}/{name} was not created for pod {ns}/{pod.Metadata?.Name} (pod is not owner)";
        }
        return null;
    }

    public PodVolumeClaims GetPodVolumeClaims(V1Pod pod)
    {
        var ns = pod.Metadata?.NamespaceProperty ?? "";
        List<V1PersistentVolumeClaim> bound = [], delay = [], immediate = [];
        foreach (var (name, _) in ClaimsOf(pod))
        {
            var pvc = Pvcs.Get($"{ns}/{name}") ?? throw new VolumeBindingException($"error getting PVC \"{ns}/{name}\": could not find v1.PersistentVolumeClaim \"{ns}/{name}\"");
            if (StorageHelpers.IsFullyBound(pvc)) bound.Add(pvc);
            // A claim pre-bound by the user (volumeName set) is the PV controller's to finish, as an Immediate one.
            else if (IsDelayBinding(pvc) && string.IsNullOrEmpty(pvc.Spec?.VolumeName)) delay.Add(pvc);
            else immediate.Add(pvc);
        }
        var byClass = new Dictionary<string, IReadOnlyList<V1PersistentVolume>>(StringComparer.Ordinal);
        foreach (var pvc in delay)
        {
            var className = StorageHelpers.ClaimClass(pvc);
            if (byClass.ContainsKey(className)) continue;
            byClass[className] = [.. _objects.PersistentVolumes()
                .Select(pv => Pvs.Get(pv.Metadata?.Name ?? "") ?? pv)
                .Where(pv => StorageHelpers.VolumeClass(pv) == className)];
        }
        return new PodVolumeClaims(bound, delay, immediate, byClass);
    }

    /// <summary>
    /// Upstream's GetEligibleNodes: when bound claims sit on local volumes pinned to hostnames, only those nodes (the
    /// intersection over the claims) can run the pod; null when no such narrowing can be made.
    /// </summary>
    public IReadOnlySet<string>? EligibleNodes(IReadOnlyList<V1PersistentVolumeClaim> bound)
    {
        HashSet<string>? eligible = null;
        foreach (var pvc in bound)
        {
            if (Pvs.Get(pvc.Spec?.VolumeName ?? "") is not { } pv) return null;
            var names = LocalVolumeNodeNames(pv);
            if (names.Count == 0) continue;
            if (eligible is null) eligible = names;
            else eligible.IntersectWith(names);
        }
        return eligible;
    }

    /// <summary>Hostnames a PV's required affinity pins it to: per term the intersection of its hostname In lists, unioned over terms.</summary>
    private static HashSet<string> LocalVolumeNodeNames(V1PersistentVolume pv)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var term in pv.Spec?.NodeAffinity?.Required?.NodeSelectorTerms ?? [])
        {
            HashSet<string>? nodes = null;
            foreach (var e in term.MatchExpressions ?? [])
            {
                if (e.Key != "kubernetes.io/hostname" || e.OperatorProperty != "In") continue;
                if (nodes is null) nodes = new HashSet<string>(e.Values ?? [], StringComparer.Ordinal);
                else nodes.IntersectWith(e.Values ?? []);
            }
            if (nodes is not null) result.UnionWith(nodes);
        }
        return result;
    }

    /// <summary>Reasons (upstream's conflict reasons) why the node cannot serve the pod's claims; none means it can, with the returned plan.</summary>
    public (PodVolumes Volumes, IReadOnlyList<string> Reasons) FindPodVolumes(V1Pod pod, PodVolumeClaims claims, V1Node node)
    {
        var volumes = new PodVolumes(node);
        bool boundSatisfied = true, boundPvsFound = true, unboundSatisfied = true, sufficientStorage = true;
        foreach (var pvc in claims.Bound)
        {
            var pv = Pvs.Get(pvc.Spec.VolumeName);
            if (pv is null) { boundPvsFound = false; break; }
            if (!StorageHelpers.NodeAffinityMatches(pv, node)) { boundSatisfied = false; break; }
        }
        if (claims.UnboundDelayBinding.Count > 0)
        {
            List<V1PersistentVolumeClaim> toMatch = [], toProvision = [];
            foreach (var pvc in claims.UnboundDelayBinding)
            {
                if (pvc.Metadata?.Annotations?.TryGetValue(StorageHelpers.AnnSelectedNode, out var selected) == true)
                {
                    // Already being provisioned for a node: only that node can have it.
                    if (selected != node.Metadata?.Name) { unboundSatisfied = false; toProvision.Clear(); toMatch.Clear(); break; }
                    toProvision.Add(pvc);
                }
                else toMatch.Add(pvc);
            }
            if (unboundSatisfied && toMatch.Count > 0)
                unboundSatisfied = FindMatchingVolumes(toMatch, claims, node, volumes.StaticBindings, toProvision);
            // Claims no PV matched may still be provisioned; that decides whether the unbound claims are satisfied.
            if (toProvision.Count > 0) (unboundSatisfied, sufficientStorage) = CheckProvisions(toProvision, node, volumes.DynamicProvisions);
        }
        var reasons = new List<string>();
        if (!boundSatisfied) reasons.Add(ErrReasonNodeConflict);
        if (!unboundSatisfied) reasons.Add(ErrReasonBindConflict);
        if (!sufficientStorage) reasons.Add(ErrReasonNotEnoughSpace);
        if (!boundPvsFound) reasons.Add(ErrReasonPVNotExist);
        return (volumes, reasons);
    }

    /// <summary>Reserve: assumes the node's plan in the caches; true when nothing is left to bind.</summary>
    public bool AssumePodVolumes(V1Pod pod, string nodeName, PodVolumes volumes)
    {
        if (ArePodVolumesBound(pod)) return true;
        List<(V1PersistentVolume, V1PersistentVolumeClaim)> bindings = [];
        List<V1PersistentVolumeClaim> provisions = [];
        try
        {
            foreach (var (pv, pvc) in volumes.StaticBindings)
            {
                var (bound, dirty) = BindVolumeToClaim(pv, pvc);
                if (dirty) Pvs.Assume(bound.Metadata.Name, bound);
                bindings.Add((bound, pvc));
            }
            foreach (var pvc in volumes.DynamicProvisions)
            {
                var clone = StorageHelpers.Clone(pvc);
                (clone.Metadata.Annotations ??= new Dictionary<string, string>())[StorageHelpers.AnnSelectedNode] = nodeName;
                Pvcs.Assume(Key(clone), clone);
                provisions.Add(clone);
            }
        }
        catch (InvalidOperationException e)
        {
            foreach (var (pv, _) in bindings) Pvs.Restore(pv.Metadata.Name);
            foreach (var pvc in provisions) Pvcs.Restore(Key(pvc));
            throw new VolumeBindingException(e.Message);
        }
        volumes.StaticBindings = bindings;
        volumes.DynamicProvisions = provisions;
        return false;
    }

    /// <summary>Unreserve (and a failed PreBind): forgets what was assumed.</summary>
    public void RevertAssumedPodVolumes(PodVolumes volumes)
    {
        foreach (var (pv, _) in volumes.StaticBindings) Pvs.Restore(pv.Metadata.Name);
        foreach (var pvc in volumes.DynamicProvisions) Pvcs.Restore(Key(pvc));
    }

    /// <summary>PreBind: writes the claimRefs and selected-node annotations, then waits until the PV controller has bound every claim.</summary>
    public async Task BindPodVolumesAsync(V1Pod pod, PodVolumes volumes, CancellationToken ct)
    {
        try
        {
            if (_writer is null) throw new VolumeBindingException("the scheduler's cluster cannot write PersistentVolumes");
            var bindings = new List<(V1PersistentVolume, V1PersistentVolumeClaim)>();
            foreach (var (pv, pvc) in volumes.StaticBindings)
                bindings.Add((await _writer.UpdatePersistentVolumeAsync(pv, ct).ConfigureAwait(false), pvc));
            var provisions = new List<V1PersistentVolumeClaim>();
            foreach (var pvc in volumes.DynamicProvisions)
                provisions.Add(await _writer.UpdatePersistentVolumeClaimAsync(pvc, ct).ConfigureAwait(false));
            using var timeout = new CancellationTokenSource(_bindTimeout, _time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, timeout.Token);
            try
            {
                while (!CheckBindings(volumes.Node, bindings, provisions))
                    await Task.Delay(PollInterval, _time, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                throw new VolumeBindingException("binding volumes: context deadline exceeded");
            }
            catch (VolumeBindingException e)
            {
                // Upstream wraps what the wait found wrong, not the API errors of the writes before it.
                throw new VolumeBindingException("binding volumes: " + e.Message, e);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            RevertAssumedPodVolumes(volumes);
            throw e as VolumeBindingException ?? new VolumeBindingException($"binding volumes: {e.Message}", e);
        }
    }

    /// <summary>True once every binding is complete; throws when the PV controller undid what was asked for.</summary>
    private bool CheckBindings(V1Node node, List<(V1PersistentVolume Pv, V1PersistentVolumeClaim Pvc)> bindings, List<V1PersistentVolumeClaim> provisions)
    {
        foreach (var (written, claim) in bindings)
        {
            var pv = Pvs.GetApi(written.Metadata.Name) ?? throw new VolumeBindingException($"failed to check binding: persistentvolume \"{written.Metadata.Name}\" not found");
            var pvc = Pvcs.GetApi(Key(claim)) ?? throw new VolumeBindingException($"failed to check binding: persistentvolumeclaim \"{claim.Metadata.Name}\" not found");
            // The informer may not have our own write yet.
            if (StorageHelpers.CompareVersions(written.Metadata.ResourceVersion, pv.Metadata?.ResourceVersion) > 0) return false;
            if (string.IsNullOrEmpty(pv.Spec?.ClaimRef?.Uid)) throw new VolumeBindingException($"ClaimRef got reset for pv \"{pv.Metadata?.Name}\"");
            if (!StorageHelpers.IsFullyBound(pvc)) return false;
        }
        foreach (var claim in provisions)
        {
            var pvc = Pvcs.GetApi(Key(claim)) ?? throw new VolumeBindingException($"failed to check provisioning pvc: persistentvolumeclaim \"{claim.Metadata.Name}\" not found");
            if (pvc.Metadata?.Annotations is not { } annotations) throw new VolumeBindingException($"selectedNode annotation reset for PVC \"{claim.Metadata.Name}\"");
            // A provisioner that gives up removes the annotation so that the scheduler picks again.
            if ((annotations.TryGetValue(StorageHelpers.AnnSelectedNode, out var selected) ? selected : null) != node.Metadata?.Name)
                throw new VolumeBindingException($"provisioning failed for PVC \"{claim.Metadata.Name}\"");
            if (!string.IsNullOrEmpty(pvc.Spec?.VolumeName))
            {
                if (Pvs.GetApi(pvc.Spec.VolumeName) is not { } pv) return false;
                if (!StorageHelpers.NodeAffinityMatches(pv, node))
                    throw new VolumeBindingException($"pv \"{pv.Metadata?.Name}\" node affinity doesn't match node \"{node.Metadata?.Name}\": no matching NodeSelectorTerms");
            }
            if (!StorageHelpers.IsFullyBound(pvc)) return false;
        }
        return true;
    }

    private bool ArePodVolumesBound(V1Pod pod)
    {
        var ns = pod.Metadata?.NamespaceProperty ?? "";
        return ClaimsOf(pod).All(c => Pvcs.Get($"{ns}/{c.Name}") is { } pvc && StorageHelpers.IsFullyBound(pvc));
    }

    private bool IsDelayBinding(V1PersistentVolumeClaim pvc)
    {
        var className = StorageHelpers.ClaimClass(pvc);
        if (className.Length == 0 || _objects.StorageClass(className) is not { } sc) return false;
        if (sc.VolumeBindingMode is null) throw new VolumeBindingException($"VolumeBindingMode not set for StorageClass \"{className}\"");
        return sc.VolumeBindingMode == StorageHelpers.WaitForFirstConsumer;
    }

    /// <summary>Smallest claims first, each taking a PV no earlier claim took; claims left without one go to provisioning.</summary>
    private static bool FindMatchingVolumes(List<V1PersistentVolumeClaim> toMatch, PodVolumeClaims claims, V1Node node,
        List<(V1PersistentVolume, V1PersistentVolumeClaim)> bindings, List<V1PersistentVolumeClaim> unmatched)
    {
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        var allFound = true;
        foreach (var pvc in toMatch.OrderBy(StorageHelpers.RequestedStorage))
        {
            var candidates = claims.UnboundVolumesByClass.TryGetValue(StorageHelpers.ClaimClass(pvc), out var byClass) ? byClass : [];
            if (VolumeMatcher.Find(pvc, candidates, node, chosen) is { } pv)
            {
                chosen.Add(pv.Metadata.Name);
                bindings.Add((pv, pvc));
            }
            else
            {
                unmatched.Add(pvc);
                allFound = false;
            }
        }
        return allFound;
    }

    /// <summary>Claims to provision need a class with a real provisioner whose allowed topologies admit the node.</summary>
    private (bool Satisfied, bool SufficientStorage) CheckProvisions(List<V1PersistentVolumeClaim> toProvision, V1Node node, List<V1PersistentVolumeClaim> provisions)
    {
        foreach (var pvc in toProvision)
        {
            var className = StorageHelpers.ClaimClass(pvc);
            if (className.Length == 0) throw new VolumeBindingException($"no class for claim \"{pvc.Metadata?.Name}\"");
            var sc = _objects.StorageClass(className) ?? throw new VolumeBindingException($"failed to find storage class \"{className}\"");
            if (string.IsNullOrEmpty(sc.Provisioner) || sc.Provisioner == StorageHelpers.NotSupportedProvisioner) return (false, true);
            if (!TopologyAllows(sc.AllowedTopologies, node.Metadata?.Labels)) return (false, true);
            if (!HasEnoughCapacity(sc, pvc, node)) return (true, false);
            provisions.Add(pvc);
        }
        return (true, true);
    }

    /// <summary>
    /// Storage capacity tracking: only for CSI drivers that opt in; then some CSIStorageCapacity of the class whose
    /// topology selects the node must offer the requested size (maximumVolumeSize preferred over capacity).
    /// </summary>
    private bool HasEnoughCapacity(V1StorageClass sc, V1PersistentVolumeClaim pvc, V1Node node)
    {
        if (pvc.Spec?.Resources?.Requests is not { } requests || !requests.TryGetValue("storage", out var requested)) return true;
        if (_objects.CSIDriver(sc.Provisioner)?.Spec?.StorageCapacity != true) return true;
        var size = requested.ToDecimal();
        return _objects.CSIStorageCapacities().Any(c =>
            c.StorageClassName == sc.Metadata?.Name &&
            (c.MaximumVolumeSize ?? c.Capacity) is { } limit && limit.ToDecimal() >= size &&
            c.NodeTopology is { } topology && LabelSelector.Compile(topology).Matches(node.Metadata?.Labels));
    }

    /// <summary>No terms admit every node; otherwise some term must have all its label requirements met.</summary>
    private static bool TopologyAllows(IList<V1TopologySelectorTerm>? terms, IDictionary<string, string>? labels) =>
        terms is null || terms.Count == 0 || terms.Any(t => (t.MatchLabelExpressions ?? []).All(r =>
            labels is not null && labels.TryGetValue(r.Key, out var v) && (r.Values ?? []).Contains(v)));

    /// <summary>Upstream's GetBindVolumeToClaim: a copy of the PV with claimRef set, marked bound by the controller when it was not pre-bound.</summary>
    private static (V1PersistentVolume Pv, bool Dirty) BindVolumeToClaim(V1PersistentVolume pv, V1PersistentVolumeClaim pvc)
    {
        var preBound = StorageHelpers.IsBoundToClaim(pv, pvc);
        var clone = StorageHelpers.Clone(pv);
        var dirty = false;
        var r = pv.Spec?.ClaimRef;
        if (r is null || r.Name != pvc.Metadata.Name || r.NamespaceProperty != pvc.Metadata.NamespaceProperty || r.Uid != pvc.Metadata.Uid)
        {
            clone.Spec.ClaimRef = new V1ObjectReference
            {
                ApiVersion = "v1",
                Kind = "PersistentVolumeClaim",
                NamespaceProperty = pvc.Metadata.NamespaceProperty,
                Name = pvc.Metadata.Name,
                Uid = pvc.Metadata.Uid,
                ResourceVersion = pvc.Metadata.ResourceVersion,
            };
            dirty = true;
        }
        if (!preBound && clone.Metadata.Annotations?.ContainsKey(StorageHelpers.AnnBoundByController) != true)
        {
            (clone.Metadata.Annotations ??= new Dictionary<string, string>())[StorageHelpers.AnnBoundByController] = "yes";
            dirty = true;
        }
        return (clone, dirty);
    }

    private static string Key(V1PersistentVolumeClaim pvc) => $"{pvc.Metadata?.NamespaceProperty}/{pvc.Metadata?.Name}";
}
