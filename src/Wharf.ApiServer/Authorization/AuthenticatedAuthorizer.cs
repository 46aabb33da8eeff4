using Wharf.ApiServer.Authentication;

namespace Wharf.ApiServer.Authorization;

/// <summary>
/// Until RBAC is built every authenticated user may do everything (as with upstream's AlwaysAllow mode);
/// anonymous users never reach the authorizer.
/// </summary>
public sealed class AuthenticatedAuthorizer : IAuthorizer
{
    public AuthorizationDecision Authorize(UserInfo user, AuthorizationAttributes attributes) =>
        user.Groups.Contains("system:authenticated") ? new AuthorizationDecision(true, "") : AuthorizationDecision.Deny;
}
