using System.Text.Json.Nodes;
using Wharf.Client.Meta;

namespace Wharf.Controllers.GarbageCollector;

/// <summary>Coordinates of an object in the graph; <see cref="Namespace"/> empty for cluster-scoped objects.</summary>
internal sealed record ObjectIdentity(string ApiVersion, string Kind, string Namespace, string Name, string Uid)
{
    public static ObjectIdentity Of(JsonObject obj) => new(
        obj["apiVersion"].Str() ?? "", obj["kind"].Str() ?? "", ObjectMeta.Namespace(obj) ?? "", ObjectMeta.Name(obj) ?? "", ObjectMeta.Uid(obj) ?? "");

    /// <summary>An owner as a dependent's reference describes it, assumed to live in the dependent's namespace.</summary>
    public static ObjectIdentity Of(OwnerReference owner, string dependentNamespace) =>
        new(owner.ApiVersion, owner.Kind, dependentNamespace, owner.Name, owner.Uid);

    public override string ToString() => $"[{ApiVersion}/{Kind}, namespace: {Namespace}, name: {Name}, uid: {Uid}]";
}
