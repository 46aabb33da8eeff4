using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Wharf.ApiServer.Endpoints;

/// <summary>
/// The <c>/version</c> answer. The minor version must read "32": the kubectl on our machines picks its own
/// version from it.
/// </summary>
public static class VersionInfo
{
    public const string Major = "1";
    public const string Minor = "32";
    public const string GitVersion = "v1.32.0+wharf";

    public static JsonObject Document()
    {
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            var other => other.ToString().ToLowerInvariant(),
        };
        return new JsonObject
        {
            ["major"] = Major,
            ["minor"] = Minor,
            ["gitVersion"] = GitVersion,
            ["gitCommit"] = typeof(VersionInfo).Assembly.GetName().Version?.ToString() ?? "",
            ["gitTreeState"] = "clean",
            ["buildDate"] = "2026-11-25T00:00:00Z",
            ["goVersion"] = $"dotnet{Environment.Version}",
            ["compiler"] = "dotnet",
            ["platform"] = $"linux/{arch}",
        };
    }
}
