using System.Text.Json.Nodes;
using Wharf.ApiServer.Authentication;
using Wharf.ApiServer.Authorization;
using Wharf.ApiServer.Errors;
using Wharf.ApiServer.Registry;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// The request-only kinds that are created, answered and never stored: access reviews (<c>kubectl auth can-i</c>),
/// rules reviews, self-subject reviews (<c>kubectl auth whoami</c>) and token reviews.
/// </summary>
public sealed class ReviewHandler(ResourceHandler resources, IAuthorizer authorizer, ServiceAccountTokens tokens)
{
    public async Task HandleAsync(RequestContext request)
    {
        if (request.Info.Verb != "create" || request.Info.Name is not null)
            throw StatusErrors.MethodNotSupported(request.Kind.QualifiedResource, request.Info.Verb);
        var review = await resources.ReadObjectAsync(request);
        var spec = review["spec"] as JsonObject ?? new JsonObject();
        review["apiVersion"] = request.Kind.GroupVersion;
        review["kind"] = request.Kind.Kind;
        review.Obj("metadata")["creationTimestamp"] = null;
        review["status"] = request.Kind.Kind switch
        {
            "SelfSubjectAccessReview" => AccessStatus(request.User, spec, null),
            "LocalSubjectAccessReview" => AccessStatus(SubjectOf(spec), spec, request.Namespace),
            "SubjectAccessReview" => AccessStatus(SubjectOf(spec), spec, null),
            "SelfSubjectRulesReview" => RulesStatus(),
            "SelfSubjectReview" => new JsonObject { ["userInfo"] = UserJson(request.User) },
            "TokenReview" => TokenStatus(spec),
            _ => throw StatusErrors.MethodNotSupported(request.Kind.QualifiedResource, "create"),
        };
        await HttpResponses.WriteJsonAsync(request.Http, 201, review);
    }

    private JsonObject AccessStatus(UserInfo user, JsonObject spec, string? requiredNamespace)
    {
        AuthorizationAttributes attributes;
        if (spec["resourceAttributes"] is JsonObject r)
        {
            var ns = r.Str("namespace") ?? "";
            if (requiredNamespace is not null && ns != requiredNamespace)
                throw StatusErrors.BadRequest("spec.resourceAttributes.namespace must match metadata.namespace");
            attributes = new AuthorizationAttributes(r.Str("verb") ?? "", r.Str("group") ?? "", r.Str("version") ?? "", r.Str("resource") ?? "",
                r.Str("subresource") ?? "", ns, r.Str("name") ?? "");
        }
        else if (spec["nonResourceAttributes"] is JsonObject n)
        {
            attributes = new AuthorizationAttributes(n.Str("verb") ?? "", Path: n.Str("path") ?? "");
        }
        else
        {
            throw StatusErrors.Invalid("SelfSubjectAccessReview", "authorization.k8s.io", "",
                [FieldError.Invalid("spec.resourceAttributes", "null", "exactly one of nonResourceAttributes or resourceAttributes must be specified")]);
        }
        var decision = authorizer.Authorize(user, attributes);
        var status = new JsonObject { ["allowed"] = decision.Allowed };
        if (decision.Reason.Length > 0) status["reason"] = decision.Reason;
        return status;
    }

    private static UserInfo SubjectOf(JsonObject spec)
    {
        var groups = (spec["groups"] as JsonArray)?.Select(g => g?.ToString() ?? "").ToList() ?? [];
        var user = spec.Str("user") ?? "";
        if (user.Length > 0 && !groups.Contains("system:authenticated")) groups.Add("system:authenticated");
        return new UserInfo(user, groups, spec.Str("uid") ?? "");
    }

    private static JsonObject RulesStatus() => new()
    {
        // Everyone authenticated may do everything until RBAC exists (AuthenticatedAuthorizer).
        ["resourceRules"] = new JsonArray(new JsonObject
        {
            ["verbs"] = new JsonArray("*"), ["apiGroups"] = new JsonArray("*"), ["resources"] = new JsonArray("*"),
        }),
        ["nonResourceRules"] = new JsonArray(new JsonObject { ["verbs"] = new JsonArray("*"), ["nonResourceURLs"] = new JsonArray("*") }),
        ["incomplete"] = false,
    };

    private JsonObject TokenStatus(JsonObject spec)
    {
        var audiences = (spec["audiences"] as JsonArray)?.Select(a => a?.ToString() ?? "").ToList();
        var claims = tokens.Validate(spec.Str("token") ?? "");
        if (claims is null || (audiences is { Count: > 0 } && !audiences.Intersect(claims.Audiences).Any()))
            return new JsonObject { ["user"] = new JsonObject(), ["error"] = "[invalid bearer token, service account token has been invalidated]" };
        return new JsonObject
        {
            ["authenticated"] = true,
            ["user"] = UserJson(claims.ToUser()),
            ["audiences"] = new JsonArray((audiences is { Count: > 0 } ? audiences.Intersect(claims.Audiences) : claims.Audiences).Select(a => (JsonNode)a).ToArray()),
        };
    }

    private static JsonObject UserJson(UserInfo user)
    {
        var json = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0) json["uid"] = user.Uid;
        json["groups"] = new JsonArray(user.Groups.Select(g => (JsonNode)g).ToArray());
        return json;
    }
}
