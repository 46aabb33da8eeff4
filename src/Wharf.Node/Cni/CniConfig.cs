using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Node.Cni;

/// <summary>
/// Renders the node's CNI conflist: bridge (its own bridge name, gateway on the bridge) with host-local IPAM for the
/// pod CIDR, then portmap (hostPort), plugins from containernetworking-plugins. No loopback plugin: containerd's CRI
/// brings up each sandbox's <c>lo</c> itself, with a built-in loopback network attached before the conflist's (1.7's
/// <c>use_internal_loopback</c> does it in-process), so a loopback entry here ran the plugin a second time on every
/// pod's ADD and DEL: one more Go binary started per pod in a burst.
/// </summary>
public static class CniConfig
{
    public const string CniVersion = "1.0.0";

    public static string Render(CniOptions options)
    {
        Validate(options);
        var conflist = new JsonObject
        {
            ["cniVersion"] = CniVersion,
            ["name"] = options.NetworkName,
            ["plugins"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "bridge",
                    ["bridge"] = options.BridgeName,
                    ["isGateway"] = true,
                    ["ipMasq"] = options.IpMasquerade,
                    ["hairpinMode"] = true,
                    ["mtu"] = options.Mtu,
                    ["ipam"] = new JsonObject
                    {
                        ["type"] = "host-local",
                        ["dataDir"] = options.IpamDataDir,
                        ["ranges"] = new JsonArray(new JsonArray(new JsonObject { ["subnet"] = options.PodCidr })),
                        ["routes"] = new JsonArray(new JsonObject { ["dst"] = "0.0.0.0/0" }),
                    },
                },
                new JsonObject
                {
                    ["type"] = "portmap",
                    ["snat"] = true,
                    ["capabilities"] = new JsonObject { ["portMappings"] = true },
                }),
        };
        return conflist.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Writes the conflist atomically: containerd reloads the folder on change and must never see half a file.</summary>
    public static void Write(CniOptions options)
    {
        Directory.CreateDirectory(options.ConfDir);
        var temporary = Path.Combine(options.ConfDir, "." + Path.GetFileName(options.ConflistPath) + ".tmp");
        File.WriteAllText(temporary, Render(options));
        File.Move(temporary, options.ConflistPath, overwrite: true);
    }

    private static void Validate(CniOptions options)
    {
        if (!IPNetwork.TryParse(options.PodCidr, out _))
            throw new ArgumentException($"pod CIDR '{options.PodCidr}' is not a CIDR", nameof(options));
        if (options.BridgeName.Length is 0 or > 15 || options.BridgeName.Any(c => c is '/' or ' ' or ':'))
            throw new ArgumentException($"bridge name '{options.BridgeName}' is not a valid interface name", nameof(options));
    }
}
