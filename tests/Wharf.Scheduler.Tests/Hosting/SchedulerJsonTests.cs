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
         "status":{"phase":"Pending","startTime":"2026-11-26T10:00:00Z"}}
        """;

    [Fact]
    public void Pods_AreReadWithoutManagedFields_AndEverythingElseIntact()
    {
        var pod = JsonSerializer.Deserialize<V1Pod>(Pod, SchedulerJson.Options)!;
        Assert.Null(pod.Metadata.ManagedFields);
        Assert.Equal(("ns", "p", "u1", "12"), (pod.Metadata.NamespaceProperty, pod.Metadata.Name, pod.Metadata.Uid, pod.Metadata.ResourceVersion));
        Assert.Equal("x", pod.Metadata.Labels["app"]);
        Assert.Equal("100m", pod.Spec.Containers[0].Resources.Requests["cpu"].ToString());
        Assert.Equal(new DateTime(2026, 11, 26, 10, 0, 0, DateTimeKind.Utc), pod.Status.StartTime);
    }

    [Fact]
    public void TheModelsOwnOptions_StillReadManagedFields()
    {
        // The scheduler's options are a copy: other users of KubernetesJson keep managedFields.
        var pod = k8s.KubernetesJson.Deserialize<V1Pod>(Pod);
        Assert.Equal("kubectl", Assert.Single(pod.Metadata.ManagedFields).Manager);
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
