using System.Globalization;
using System.Text.Json.Nodes;
using k8s.Models;
using Wharf.Client;
using Wharf.Client.Events;
using Wharf.Client.Meta;
using Wharf.Client.Rest;
using Wharf.Controllers.PodControl;

namespace Wharf.Controllers.Deployment;

/// <summary>
/// One pass over one Deployment and its claimed ReplicaSets (upstream's sync.go): finding or creating the new
/// ReplicaSet, scaling with events, proportional scaling, status and history cleanup. The rollout strategies
/// drive it. <see cref="D"/> is the pass's own copy, brought up to date in place after each of its status writes; the
/// ReplicaSet models may share parts with other passes' (<see cref="ReplicaSetModels"/>) and are never changed in
/// place: a change is made on a copy, and the list's entry is replaced by what the server answers.
/// </summary>
/// <param name="statusWritten">Told every Deployment the server answered a status write with.</param>
/// <param name="templateKeys">Template keys kept across passes; a fresh cache when null.</param>
/// <param name="replicaSetWritten">Told every ReplicaSet the server answered a create or update of this pass with.</param>
/// <param name="statusText">The wire text of <paramref name="d"/>'s status, when the caller has it (see <see cref="StatusText"/>).</param>
internal sealed class DeploymentSync(IApiClient client, IEventRecorder events, TimeProvider time, V1Deployment d, List<V1ReplicaSet> replicaSets,
    Action<AnswerMetadata>? statusWritten = null, TemplateKeys? templateKeys = null, Action<JsonObject>? replicaSetWritten = null, byte[]? statusText = null)
{
    public const string ScalingReplicaSetReason = "ScalingReplicaSet";
    private const string NamespaceTerminatingCause = "NamespaceTerminating";

    private readonly TemplateKeys _templateKeys = templateKeys ?? new TemplateKeys();

    public V1Deployment D { get; } = d;

    public List<V1ReplicaSet> ReplicaSets { get; } = replicaSets;

    /// <summary>
    /// The wire text of <see cref="D"/>'s status, once known (null when it is not yet): every status a pass computes
    /// is compared with it, and the text of a status this pass wrote is the text it wrote, kept for the next pass.
    /// </summary>
    public byte[]? StatusText { get; private set; } = statusText;

    public DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The Deployment as an event's involvedObject: only its identity, no copy of the whole model.</summary>
    private JsonObject EventTarget => OwnerReferences.EventTarget(new JsonObject
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = D.Metadata.Name,
            ["namespace"] = D.Metadata.NamespaceProperty,
            ["uid"] = D.Metadata.Uid,
            ["resourceVersion"] = D.Metadata.ResourceVersion,
        },
    }, Resource.Deployments);

    /// <summary>The new ReplicaSet (created when asked and missing) and the old ones; keeps revision annotations in step.</summary>
    public async Task<(V1ReplicaSet? New, List<V1ReplicaSet> Old)> GetAllReplicaSetsAndSyncRevisionAsync(bool createIfMissing, CancellationToken ct)
    {
        var existing = RolloutMath.ByCreation(ReplicaSets).FirstOrDefault(HasDeploymentTemplate);
        var old = ReplicaSets.Where(rs => !ReferenceEquals(rs, existing)).ToList();
        var newRevision = DeploymentAnnotations.MaxRevision(old) + 1;
        if (existing is not null) return (await SyncExistingNewAsync(existing, newRevision, ct), old);
        if (!createIfMissing) return (null, old);
        return (await CreateNewAsync(old, newRevision, ct), old);
    }

    /// <summary>
    /// Whether the ReplicaSet runs the Deployment's template. Passes ask this of every ReplicaSet several times, and
    /// each answer would serialise both templates: the keys come from <see cref="TemplateKeys"/>.
    /// </summary>
    private bool HasDeploymentTemplate(V1ReplicaSet rs) =>
        _templateKeys.Of(rs.Metadata, rs.Spec?.Template) == _templateKeys.Of(D.Metadata, D.Spec.Template);

    private async Task<V1ReplicaSet> SyncExistingNewAsync(V1ReplicaSet rs, long newRevision, CancellationToken ct)
    {
        // Every pass asks this of the new ReplicaSet and nearly always nothing changes: the annotations are worked out on
        // a copy of the annotations alone, and the whole ReplicaSet is copied only when it has to be written.
        var annotations = new V1ObjectMeta { Annotations = rs.Metadata.Annotations is { } a ? new Dictionary<string, string>(a) : null };
        var annotationsChanged = DeploymentAnnotations.SetNewReplicaSetAnnotations(D, new V1ReplicaSet { Metadata = annotations }, newRevision, exists: true, RolloutMath.MaxSurge(D));
        var copy = rs;
        if (annotationsChanged || (rs.Spec.MinReadySeconds ?? 0) != (D.Spec.MinReadySeconds ?? 0))
        {
            copy = Clone(rs);
            copy.Metadata.Annotations = annotations.Annotations;
            copy.Spec.MinReadySeconds = D.Spec.MinReadySeconds;
            copy = await UpdateReplicaSetAsync(copy, ct);
        }
        var found = RolloutMath.ProgressDeadline(D) is not null && DeploymentConditions.Get(D.Status, DeploymentConditions.Progressing) is null
            ? DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewReplicaSet, $"Found new replica set \"{copy.Metadata.Name}\"", Now)
            : null;
        await SetRevisionAndConditionAsync(DeploymentAnnotations.Get(copy.Metadata, DeploymentAnnotations.Revision), found, ct);
        return copy;
    }

    private async Task<V1ReplicaSet> CreateNewAsync(List<V1ReplicaSet> old, long newRevision, CancellationToken ct)
    {
        var hash = PodTemplateHash.Compute(D.Spec.Template, D.Status?.CollisionCount);
        var template = Clone(D.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>()) { [PodTemplateHash.Label] = hash };
        var selector = Clone(D.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>()) { [PodTemplateHash.Label] = hash };
        var rs = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = $"{D.Metadata.Name}-{hash}",
                NamespaceProperty = D.Metadata.NamespaceProperty,
                Labels = new Dictionary<string, string>(template.Metadata.Labels),
                OwnerReferences = [ControllerRef()],
            },
            Spec = new V1ReplicaSetSpec { Replicas = 0, MinReadySeconds = D.Spec.MinReadySeconds, Selector = selector, Template = template },
        };
        var replicas = RolloutMath.NewReplicaSetReplicas(D, [.. old, rs], rs);
        rs.Spec.Replicas = replicas;
        DeploymentAnnotations.SetNewReplicaSetAnnotations(D, rs, newRevision, exists: false, RolloutMath.MaxSurge(D));

        V1ReplicaSet created;
        var alreadyExisted = false;
        try
        {
            var createdJson = await client.CreateAsync(Resource.ReplicaSets, D.Metadata.NamespaceProperty, ModelJson.ToJson(rs), ct);
            replicaSetWritten?.Invoke(createdJson);
            created = ModelJson.AnswerToModel<V1ReplicaSet>(createdJson);
        }
        catch (ApiException e) when (e.IsAlreadyExists)
        {
            var found = ModelJson.AnswerToModel<V1ReplicaSet>(await client.GetAsync(Resource.ReplicaSets, D.Metadata.NamespaceProperty, rs.Metadata.Name, ct));
            var controller = found.Metadata.OwnerReferences?.FirstOrDefault(r => r.Controller == true);
            if (controller?.Uid != D.Metadata.Uid || !RolloutMath.EqualIgnoreHash(found.Spec.Template, D.Spec.Template))
            {
                // A different ReplicaSet holds the name: bump collisionCount so the next pass hashes to another name.
                var status = CloneStatus();
                status.CollisionCount = (status.CollisionCount ?? 0) + 1;
                await UpdateStatusAsync(status, ct);
                throw;
            }
            // Our own, created by an earlier pass the cache has not shown yet.
            created = found;
            alreadyExisted = true;
        }
        catch (ApiException e) when (!e.HasCause(NamespaceTerminatingCause))
        {
            var status = CloneStatus();
            DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.FailedReplicaSetCreate,
                $"Failed to create new replica set \"{rs.Metadata.Name}\": {e.Message}", Now));
            await UpdateStatusAsync(status, ct);
            throw;
        }
        ReplicaSets.Add(created);
        if (!alreadyExisted && replicas > 0)
            events.Event(EventTarget, EventTypes.Normal, ScalingReplicaSetReason, $"Scaled up replica set {created.Metadata.Name} from 0 to {replicas}");
        var progressing = !alreadyExisted && RolloutMath.ProgressDeadline(D) is not null
            ? DeploymentConditions.New(DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetCreated, $"Created new replica set \"{created.Metadata.Name}\"", Now)
            : null;
        await SetRevisionAndConditionAsync(newRevision.ToString(CultureInfo.InvariantCulture), progressing, ct);
        return created;
    }

    /// <summary>
    /// Records the revision on the Deployment and, when given, a Progressing condition, in one write through the
    /// status subresource, as upstream does: annotations travel with a status write, and the generation stays (a
    /// metadata update would raise it, annotations counting as spec for Deployments).
    /// </summary>
    private async Task SetRevisionAndConditionAsync(string? revision, V1DeploymentCondition? condition, CancellationToken ct)
    {
        var newRevision = revision is not null && DeploymentAnnotations.Get(D.Metadata, DeploymentAnnotations.Revision) != revision;
        if (!newRevision && condition is null) return;
        var status = D.Status;
        if (condition is not null)
        {
            status = CloneStatus();
            DeploymentConditions.Set(status, condition);
        }
        await WriteStatusAsync(status, newRevision ? revision : null, ct, condition is null ? StatusText : null);
    }

    /// <summary>Scales a ReplicaSet (and refreshes its replica annotations), recording ScalingReplicaSet when the size changes.</summary>
    public async Task<(bool Scaled, V1ReplicaSet Rs)> ScaleAsync(V1ReplicaSet rs, int newScale, CancellationToken ct)
    {
        var oldScale = RolloutMath.SpecReplicas(rs);
        var sizeChanges = oldScale != newScale;
        var desired = RolloutMath.Replicas(D);
        var max = desired + RolloutMath.MaxSurge(D);
        if (!sizeChanges && !DeploymentAnnotations.ReplicasAnnotationsNeedUpdate(rs, desired, max)) return (false, rs);
        var copy = Clone(rs);
        copy.Spec.Replicas = newScale;
        DeploymentAnnotations.SetReplicasAnnotations(copy, desired, max);
        var updated = await UpdateReplicaSetAsync(copy, ct);
        if (sizeChanges)
        {
            var direction = oldScale < newScale ? "up" : "down";
            events.Event(EventTarget, EventTypes.Normal, ScalingReplicaSetReason, $"Scaled {direction} replica set {updated.Metadata.Name} from {oldScale} to {newScale}");
        }
        return (sizeChanges, updated);
    }

    private async Task<V1ReplicaSet> UpdateReplicaSetAsync(V1ReplicaSet rs, CancellationToken ct)
    {
        var json = await client.UpdateAsync(Resource.ReplicaSets, ModelJson.ToJson(rs), ct);
        replicaSetWritten?.Invoke(json);
        var updated = ModelJson.AnswerToModel<V1ReplicaSet>(json);
        var i = ReplicaSets.FindIndex(r => r.Metadata.Uid == updated.Metadata.Uid);
        if (i >= 0) ReplicaSets[i] = updated;
        return updated;
    }

    /// <summary>Upstream's NewControllerRef for the Deployment, as a model (no copy of the whole Deployment to read its name and uid).</summary>
    private V1OwnerReference ControllerRef() => new()
    {
        ApiVersion = Resource.Deployments.GroupVersion,
        Kind = Resource.Deployments.Kind,
        Name = D.Metadata.Name,
        Uid = D.Metadata.Uid,
        Controller = true,
        BlockOwnerDeletion = true,
    };

    public V1DeploymentStatus CloneStatus() => DeploymentStatusCopy.Of(D.Status ?? new V1DeploymentStatus());

    public async Task UpdateStatusAsync(V1DeploymentStatus status, CancellationToken ct)
    {
        // Every pass ends here: comparing the UTF-8 wire texts spares the write when nothing changed, the common case.
        var text = ModelJson.ToUtf8(status);
        if (D.Status is not null && (StatusText ??= ModelJson.ToUtf8(D.Status)).AsSpan().SequenceEqual(text)) return;
        // A copy of what was sent (whose text is the text sent): the caller's status object stays the caller's.
        await WriteStatusAsync(DeploymentStatusCopy.Of(status), null, ct, text);
    }

    /// <summary>
    /// Writes <see cref="D"/> with <paramref name="status"/> and, when given, the revision annotation through the
    /// status subresource (<see cref="DeploymentStatusBody"/>), and makes <see cref="D"/> what the server now holds
    /// without parsing the answer: the write was conditional on D's resourceVersion, so the stored object is D with
    /// what was sent (a status write changes neither spec nor generation) and the answer's resourceVersion; only its
    /// managedFields differ, which passes do not read and the informers' copies do not have.
    /// </summary>
    /// <param name="statusText">The wire text of <paramref name="status"/>, when the caller has it.</param>
    private async Task WriteStatusAsync(V1DeploymentStatus? status, string? revision, CancellationToken ct, byte[]? statusText = null)
    {
        var body = DeploymentStatusBody.Write(D, status, revision);
        var written = await client.UpdateStatusReadingMetadataAsync(Resource.Deployments, D.Metadata.NamespaceProperty, D.Metadata.Name, body, ct);
        statusWritten?.Invoke(written);
        D.Status = status;
        StatusText = statusText;
        if (revision is not null)
            D.Metadata.Annotations = new Dictionary<string, string>(D.Metadata.Annotations ?? new Dictionary<string, string>()) { [DeploymentAnnotations.Revision] = revision };
        D.Metadata.ResourceVersion = written.ResourceVersion;
        D.Metadata.ManagedFields = null;
    }

    public async Task DeleteReplicaSetAsync(V1ReplicaSet rs, CancellationToken ct)
    {
        try
        {
            await client.DeleteAsync(Resource.ReplicaSets, rs.Metadata.NamespaceProperty, rs.Metadata.Name, DeleteOptions.Background, ct);
        }
        catch (ApiException e) when (e.IsNotFound)
        {
        }
        ReplicaSets.RemoveAll(r => r.Metadata.Uid == rs.Metadata.Uid);
    }

    public static T Clone<T>(T model) where T : class => ModelJson.Copy(model);
}
