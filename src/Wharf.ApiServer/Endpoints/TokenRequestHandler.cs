using System.Text.Json.Nodes;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;
using Wharf.ApiServer.Rest;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// <c>serviceaccounts/NAME/token</c> (TokenRequest, what <c>kubectl create token</c> calls): a bound token for an
/// existing service account, 1 hour by default, at least 10 minutes, optionally bound to a pod or secret.
/// </summary>
public sealed class TokenRequestHandler(ResourceStore store, ResourceHandler resources, ServiceAccountTokens tokens, Func<ResourceCatalog> catalog)
{
    private const long DefaultExpirationSeconds = 3600;
    private const long MinExpirationSeconds = 600;

    public async Task HandleAsync(RequestContext request)
    {
        var tokenRequestKind = new ResourceKind
        {
            Group = "authentication.k8s.io", Version = "v1", Plural = "tokenrequests", Singular = "tokenrequest", Kind = "TokenRequest",
            Namespaced = true, Strategy = Strategies.Plain, Stored = false,
        };
        var body = await resources.ReadObjectAsync(request with { Kind = tokenRequestKind });
        var name = request.Info.Name!;
        var account = await store.GetAsync(request.Kind, request.Namespace, name, request.Aborted);
        var spec = body.Obj("spec");
        var expiration = spec["expirationSeconds"].Long() ?? DefaultExpirationSeconds;
        if (expiration < MinExpirationSeconds)
            throw StatusErrors.Invalid("TokenRequest", "authentication.k8s.io", name,
                [FieldError.Invalid("spec.expirationSeconds", expiration, "may not specify a duration less than 10 minutes")]);
        if (expiration > 1L << 32)
            throw StatusErrors.Invalid("TokenRequest", "authentication.k8s.io", name,
                [FieldError.Invalid("spec.expirationSeconds", expiration, "may not specify a duration larger than 2^32 seconds")]);
        var audiences = (spec["audiences"] as JsonArray)?.Select(a => a?.ToString() ?? "").Where(a => a.Length > 0).ToList();
        if (audiences is null || audiences.Count == 0) audiences = [.. ServiceAccountTokens.DefaultAudiences];

        JsonObject? bound = null;
        if (spec["boundObjectRef"] is JsonObject reference)
        {
            var kindName = reference.Str("kind");
            var boundKind = kindName switch
            {
                "Pod" => catalog().Find("", "v1", "pods"),
                "Secret" => catalog().Find("", "v1", "secrets"),
                _ => throw StatusErrors.BadRequest($"cannot bind token for object of type {kindName}"),
            };
            var target = await store.GetAsync(boundKind!, request.Namespace, reference.Str("name") ?? "", request.Aborted);
            var uid = target["metadata"].Str("uid");
            if (reference.Str("uid") is { Length: > 0 } wantedUid && wantedUid != uid)
                throw new StatusException(409, "Conflict", $"the UID in the bound object reference ({wantedUid}) does not match the UID in record. The object might have been deleted and then recreated");
            bound = new JsonObject { ["kind"] = kindName, ["name"] = reference.Str("name"), ["uid"] = uid };
        }

        var (token, expires) = tokens.Issue(request.Namespace!, name, account["metadata"].Str("uid") ?? "", audiences, expiration, bound);
        spec["audiences"] = new JsonArray(audiences.Select(a => (JsonNode)a).ToArray());
        spec["expirationSeconds"] = expiration;
        body["apiVersion"] = "authentication.k8s.io/v1";
        body["kind"] = "TokenRequest";
        var meta = body.Obj("metadata");
        meta["name"] = name;
        meta["namespace"] = request.Namespace;
        meta["creationTimestamp"] = null;
        body["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = ResourceStore.Timestamp(expires) };
        await HttpResponses.WriteJsonAsync(request.Http, 201, body);
    }
}
