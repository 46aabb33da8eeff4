namespace Wharf.Network.Proxy.Nft;

/// <summary>An nft or sysctl run that exited non-zero; the message carries its stderr.</summary>
internal sealed class CommandFailedException(string command, int exitCode, string stderr)
    : Exception($"{command} exited with {exitCode}: {stderr}")
{
    public int ExitCode { get; } = exitCode;
}
