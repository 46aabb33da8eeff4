using System.Text.Json.Nodes;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Admission;

/// <summary>
/// What ServiceAccount admission takes from an account: immutable, so that concurrent admissions can share one
/// remembered account (a decoded <see cref="JsonObject"/> materialises lazily and is not safe to read concurrently).
/// </summary>
internal sealed record ServiceAccountFacts(bool? AutomountToken, string? ImagePullSecretsJson)
{
    public static ServiceAccountFacts Of(JsonObject account) => new(
        account["automountServiceAccountToken"].Bool(),
        account["imagePullSecrets"] is JsonArray { Count: > 0 } secrets ? secrets.ToJsonString() : null);

    /// <summary>A fresh copy of the account's imagePullSecrets for one pod; null when it has none.</summary>
    public JsonArray? ImagePullSecrets() => ImagePullSecretsJson is null ? null : JsonNode.Parse(ImagePullSecretsJson)!.AsArray();
}
