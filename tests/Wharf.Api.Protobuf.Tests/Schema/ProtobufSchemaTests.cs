using System.Reflection;
using System.Text.Json.Serialization;
using k8s.Models;
using Wharf.Api.Protobuf.Schema;

namespace Wharf.Api.Protobuf.Tests.Schema;

public sealed class ProtobufSchemaTests
{
    private static readonly ProtobufSchema Table = ProtobufSchema.Default;

    [Fact]
    public void Table_EveryMessageReference_Resolves()
    {
        var unresolved = Table.Messages
            .SelectMany(m => m.Fields.Where(f => f.Kind == ValueKind.Message && f.Message is null).Select(f => $"{m.FullName}.{f.JsonName}"))
            .ToList();

        Assert.Empty(unresolved);
        Assert.True(Table.Messages.Count() > 1000);
    }

    [Fact]
    public void Table_RecordsThePinnedUpstreamVersion()
    {
        Assert.Equal("1.32", Table.KubernetesVersion);
        Assert.All(Table.Sources.Values, tag => Assert.StartsWith("v0.32.", tag));
        Assert.Equal(3, Table.Sources.Count);
    }

    [Theory]
    [InlineData("v1", "Pod")]
    [InlineData("apps/v1", "Deployment")]
    [InlineData("batch/v1", "CronJob")]
    [InlineData("autoscaling/v1", "Scale")]
    [InlineData("autoscaling/v2", "HorizontalPodAutoscaler")]
    [InlineData("networking.k8s.io/v1", "Ingress")]
    [InlineData("discovery.k8s.io/v1", "EndpointSlice")]
    [InlineData("rbac.authorization.k8s.io/v1", "ClusterRole")]
    [InlineData("storage.k8s.io/v1", "StorageClass")]
    [InlineData("scheduling.k8s.io/v1", "PriorityClass")]
    [InlineData("coordination.k8s.io/v1", "Lease")]
    [InlineData("policy/v1", "Eviction")]
    [InlineData("events.k8s.io/v1", "Event")]
    [InlineData("node.k8s.io/v1", "RuntimeClass")]
    [InlineData("certificates.k8s.io/v1", "CertificateSigningRequest")]
    [InlineData("authentication.k8s.io/v1", "TokenRequest")]
    [InlineData("authorization.k8s.io/v1", "SelfSubjectAccessReview")]
    [InlineData("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration")]
    [InlineData("flowcontrol.apiserver.k8s.io/v1", "FlowSchema")]
    [InlineData("apiextensions.k8s.io/v1", "CustomResourceDefinition")]
    [InlineData("meta.k8s.io/v1", "DeleteOptions")]
    public void FindKind_BuiltInGroupVersionKind_FindsItsMessage(string apiVersion, string kind)
    {
        var message = Table.FindKind(apiVersion, kind);

        Assert.NotNull(message);
        Assert.Equal(kind, message.Name);
    }

    [Fact]
    public void JsonNames_MatchTheKubernetesClientModels()
    {
        // Walk every KubernetesClient kind of a group the table knows and compare each field's JSON name
        // with the model's [JsonPropertyName]; the models come from the upstream OpenAPI document, an
        // independent source from the Go struct tags the table is generated from.
        var mismatches = new List<string>();
        var visited = new HashSet<(Type, string)>();
        var checkedKinds = 0;
        foreach (var model in typeof(V1Pod).Assembly.GetTypes())
        {
            var entity = model.GetCustomAttribute<KubernetesEntityAttribute>();
            var apiVersion = entity is null ? null : string.IsNullOrEmpty(entity.Group) ? entity.ApiVersion : $"{entity.Group}/{entity.ApiVersion}";
            var message = apiVersion is null ? null : Table.FindKind(apiVersion, entity!.Kind);
            if (message is null)
            {
                continue;
            }

            checkedKinds++;
            Compare(model, message, message.Name, mismatches, visited);
        }

        Assert.True(checkedKinds > 100, $"only {checkedKinds} kinds compared");
        Assert.Empty(mismatches);
    }

    private static void Compare(Type model, MessageDescriptor message, string path, List<string> mismatches, HashSet<(Type, string)> visited)
    {
        if (message.WellKnown != WellKnownType.None || !visited.Add((model, message.FullName)))
        {
            return;
        }

        var properties = model.GetProperties()
            .Select(p => (Property: p, Name: p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name))
            .Where(p => p.Name is not null)
            .ToDictionary(p => p.Name!, p => p.Property);
        foreach (var field in message.Fields)
        {
            if (field.IsInline)
            {
                Compare(model, field.Message!, path, mismatches, visited);
                continue;
            }

            if (!properties.TryGetValue(field.JsonName, out var property))
            {
                mismatches.Add($"{path}.{field.JsonName} ({model.Name} has no such property)");
                continue;
            }

            if (field.Message is not null && ElementType(property.PropertyType) is { Namespace: "k8s.Models" } nested)
            {
                Compare(nested, field.Message, $"{path}.{field.JsonName}", mismatches, visited);
            }
        }
    }

    // The model class behind a property: T, IList<T> or IDictionary<string, T>.
    private static Type ElementType(Type type) => type.IsGenericType ? type.GetGenericArguments()[^1] : type;
}
