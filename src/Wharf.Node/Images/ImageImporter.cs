using System.Text.RegularExpressions;
using Wharf.Node.Host;

namespace Wharf.Node.Images;

/// <summary>
/// Imports OCI or docker image archives into a containerd's <c>k8s.io</c> namespace, where the CRI plugin sees
/// them, by running Debian's <c>ctr images import</c> against that containerd's socket. No registry, no pull.
/// </summary>
public sealed partial class ImageImporter(string containerdAddress, string ctrPath = "/usr/bin/ctr")
{
    /// <summary>The containerd namespace the CRI plugin uses.</summary>
    public const string CriNamespace = "k8s.io";

    /// <summary>Imports one archive (.tar) and returns the image names it contained.</summary>
    public async Task<IReadOnlyList<string>> ImportAsync(string archivePath, CancellationToken cancellationToken)
    {
        if (!File.Exists(archivePath))
            throw new FileNotFoundException("image archive not found", archivePath);
        var result = await ProcessRunner.RunAsync(
            ctrPath,
            ["-n", CriNamespace, "--address", containerdAddress, "images", "import", archivePath],
            cancellationToken);
        result.EnsureSuccess($"ctr images import {archivePath}");
        return ParseImported(result.StandardOutput);
    }

    /// <summary>ctr prints one "unpacking NAME (sha256:…)...done" line per imported image.</summary>
    internal static IReadOnlyList<string> ParseImported(string ctrOutput) =>
        UnpackingLine().Matches(ctrOutput).Select(m => m.Groups["name"].Value).ToList();

    [GeneratedRegex(@"^unpacking (?<name>\S+) \(", RegexOptions.Multiline)]
    private static partial Regex UnpackingLine();
}
