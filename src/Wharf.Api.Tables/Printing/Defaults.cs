using System.Text.Json.Nodes;

namespace Wharf.Api.Tables.Printing;

/// <summary>
/// Values upstream's API defaulting always fills in before anything is printed. Stored objects that
/// skipped defaulting print as a real cluster would show them.
/// </summary>
internal static class Defaults
{
    /// <summary><c>spec.replicas</c> of Deployment / ReplicaSet / StatefulSet / RC: defaults to 1.</summary>
    public static long Replicas(JsonObject obj) => obj.LongOrNull("spec", "replicas") ?? 1;
}
