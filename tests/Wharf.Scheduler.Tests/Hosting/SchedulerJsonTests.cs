using System.Text.Json;
using k8s.Models;
using Wharf.Scheduler.Hosting;

namespace Wharf.Scheduler.Tests.Hosting;

public sealed class SchedulerJsonTests
{
    private const string Pod = """
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"p","namespace":"ns","uid":"u1","resourceVersion":"12","labels":{"app":"x"},
                     "managedFields":[{"manager":"kubectl","operation":"Apply","fieldsType":"FieldsV1","fieldsV1":{"f:spec":{}}}]},
         "spec":{"schedulerName":"default-scheduler","containers":[{"name":"c","image":"i","resources":{"requests":{"cpu":"100m"}}}]},
         "status":{"phase":"Running","startTime":"2026-11-26T10:00:00Z","nominatedNodeName":"n1",
                   "conditions":[{"type":"PodScheduled","status":"True"}],
                   "containerStatuses":[{"name":"c","image":"i","imageID":"","ready":true,"restartCount":0,"state":{"running":{"startedAt":"2026-11-26T10:00:01Z"}}}],
                   "initContainerStatuses":[{"name":"i","image":"i","imageID":"","ready":false,"restartCount":0}]}}
        """;

    [Fact]
    public void Pods_AreReadWithoutManagedFieldsAndContainerStatuses_AndEverythingElseIntact()
    {
        var pod = JsonSerializer.Deserialize<V1Pod>(Pod, SchedulerJson.Options)!;
        Assert.Null(pod.Metadata.ManagedFields);
        Assert.Null(pod.Status.ContainerStatuses);
        Assert.Null(pod.Status.InitContainerStatuses);
        Assert.Equal(("Running", "n1", "PodScheduled"), (pod.Status.Phase, pod.Status.NominatedNodeName, Assert.Single(pod.Status.Conditions).Type));
        Assert.Equal(("ns", "p", "u1", "12"), (pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid, pod.Metadata.ResourceVersion));
        Assert.Equal("x", pod.Metadata.Labels["app"]);
        Assert.Equal("100m", pod.Spec.Containers[0].Resources.Requests["cpu"].ToString());
        Assert.Equal(new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc), pod.Status.StartTime);
    }

    [Fact]
    public void TheModelsOwnOptions_StillReadManagedFieldsAndContainerStatuses()
    {
        // The scheduler's options are a copy: other users of KubernetesJson keep managedFields and container statuses.
        var pod = k8s.KubernetesJson.Deserialize<V1Pod>(Pod);
        Assert.Equal("kubectl", Assert.Single(pod.Metadata.ManagedFields).Manager);
        Assert.Equal("c", Assert.Single(pod.Status.ContainerStatuses).Name);
    }

    [Fact]
    public void Model_KeysByNamespaceAndName()
    {
        var pod = JsonSerializer.Deserialize<V1Pod>(Pod, SchedulerJson.Options)!;
        var model = SchedulerJson.Model<V1Pod>();
        Assert.Equal("ns/p", model.KeyOf(pod));
        Assert.Equal("12", model.ResourceVersion(pod));
    }
}
