namespace Wharf.Network.Tests.Proxy;

internal static class Privileges
{
    public static bool IsRoot { get; } = OperatingSystem.IsLinux() && Environment.UserName == "root" && File.Exists("/usr/sbin/nft");
}
