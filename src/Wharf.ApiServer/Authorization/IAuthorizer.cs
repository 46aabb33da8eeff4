using Wharf.ApiServer.Authentication;

namespace Wharf.ApiServer.Authorization;

/// <summary>Decides whether a user may do something; the seam RBAC plugs into.</summary>
public interface IAuthorizer
{
    AuthorizationDecision Authorize(UserInfo user, AuthorizationAttributes attributes);
}

public sealed record AuthorizationDecision(bool Allowed, string Reason)
{
    public static readonly AuthorizationDecision Deny = new(false, "");
}
