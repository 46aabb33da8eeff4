using k8s;
using k8s.Models;
using Wharf.Client.Meta;
using Wharf.Controllers.Deployment;
using Wharf.Controllers.PodControl;
using Wharf.Controllers.Tests.Support;

namespace Wharf.Controllers.Tests.Deployment;

public sealed class DeploymentSyncStatusTests
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private static (DeploymentSync Sync, StatusWriteRecorder Server) NewSync()
    {
        var json = Workloads.Deployment("ns", "web", 3, "web");
        json["metadata"]!["uid"] = "u-1";
        json["metadata"]!["resourceVersion"] = "7";
        json["metadata"]!["generation"] = 2;
        var server = new StatusWriteRecorder();
        return (new DeploymentSync(server, server, TimeProvider.System, ModelJson.ToModel<V1Deployment>(json), []), server);
    }

    [Fact]
    public async Task StatusWrites_FollowEachOtherOnTheAnsweredVersion_WithoutParsingTheAnswer()
    {
        var (sync, server) = NewSync();

        await sync.UpdateStatusAsync(new V1DeploymentStatus { ObservedGeneration = 2, Replicas = 1 }, Ct);
        await sync.UpdateStatusAsync(new V1DeploymentStatus { ObservedGeneration = 2, Replicas = 3 }, Ct);

        Assert.Equal(["7", "101"], server.Written.Select(w => ObjectMeta.ResourceVersion(w)));
        Assert.Equal("102", sync.D.Metadata.ResourceVersion);
        Assert.Equal(3, sync.D.Status.Replicas);
        Assert.Null(sync.D.Metadata.ManagedFields);
    }

    [Fact]
    public async Task StatusWrite_OfWhatWasJustWritten_IsSkipped()
    {
        var (sync, server) = NewSync();

        await sync.UpdateStatusAsync(new V1DeploymentStatus { ObservedGeneration = 2, Replicas = 1 }, Ct);
        await sync.UpdateStatusAsync(new V1DeploymentStatus { ObservedGeneration = 2, Replicas = 1 }, Ct);

        Assert.Single(server.Written);
    }

    [Fact]
    public async Task StatusText_IsTheTextWritten_AndWhatTheNextStatusIsComparedWith()
    {
        var (sync, server) = NewSync();
        var status = new V1DeploymentStatus { ObservedGeneration = 2, Replicas = 1 };

        await sync.UpdateStatusAsync(status, Ct);
        // The next pass starts from the same model and text: the same status is no write.
        var next = new DeploymentSync(server, server, TimeProvider.System, sync.D, [], statusText: sync.StatusText);
        await next.UpdateStatusAsync(new V1DeploymentStatus { ObservedGeneration = 2, Replicas = 1 }, Ct);

        Assert.Equal(KubernetesJson.Serialize(status), System.Text.Encoding.UTF8.GetString(sync.StatusText!));
        Assert.Single(server.Written);
    }

    [Fact]
    public async Task StatusWrite_KeepsItsOwnCopy_OfTheCallersStatus()
    {
        var (sync, server) = NewSync();
        var status = new V1DeploymentStatus { ObservedGeneration = 2, Replicas = 1 };

        await sync.UpdateStatusAsync(status, Ct);
        status.Replicas = 5;

        Assert.Equal(1, sync.D.Status.Replicas);
        Assert.Equal(KubernetesJson.Serialize(new V1DeploymentStatus { ObservedGeneration = 2, Replicas = 1 }), server.Written[0]["status"]!.ToJsonString());
    }
}
