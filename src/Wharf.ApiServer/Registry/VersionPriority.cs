using System.Text.RegularExpressions;

namespace Wharf.ApiServer.Registry;

/// <summary>Kubernetes version ordering: GA before beta before alpha, higher numbers first (v2 &gt; v1 &gt; v1beta2).</summary>
public static partial class VersionPriority
{
    [GeneratedRegex("^v(\\d+)(?:(alpha|beta)(\\d+))?$")]
    private static partial Regex KubeVersion();

    public static int Of(string version)
    {
        var m = KubeVersion().Match(version);
        if (!m.Success) return 0;
        var major = int.Parse(m.Groups[1].Value);
        var stage = m.Groups[2].Value switch { "" => 3, "beta" => 2, _ => 1 };
        var minor = m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : 0;
        return stage * 1_000_000 + major * 1000 + minor;
    }
}
