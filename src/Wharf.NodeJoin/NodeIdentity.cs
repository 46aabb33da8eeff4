namespace Wharf.NodeJoin;

/// <summary>How Kubernetes names a node's credentials: user <c>system:node:NAME</c> in group <c>system:nodes</c>.</summary>
public static class NodeIdentity
{
    public const string UserPrefix = "system:node:";
    public const string Group = "system:nodes";

    public static string UserName(string nodeName) => UserPrefix + nodeName;
}
