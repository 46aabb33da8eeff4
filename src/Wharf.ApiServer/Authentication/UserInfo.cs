namespace Wharf.ApiServer.Authentication;

/// <summary>Who made a request, as Kubernetes' user.Info: name, uid, groups.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups, string Uid = "")
{
    public static readonly UserInfo Anonymous = new("system:anonymous", ["system:unauthenticated"]);
}
