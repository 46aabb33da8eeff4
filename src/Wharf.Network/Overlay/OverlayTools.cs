using System.Text.Json;
using System.Text.Json.Nodes;

namespace Wharf.Network.Overlay;

/// <summary>The four tools the overlay drives, with their paths from the options and JSON output parsed once here.</summary>
internal sealed class OverlayTools(ICommandRunner runner, OverlayOptions options)
{
    public OverlayOptions Options => options;

    public Task<CommandResult> IpAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        runner.RunAsync(options.IpPath, arguments, null, ct);

    public Task<CommandResult> BridgeAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        runner.RunAsync(options.BridgePath, arguments, null, ct);

    public Task<CommandResult> NftAsync(IReadOnlyList<string> arguments, string? script, CancellationToken ct) =>
        runner.RunAsync(options.NftPath, arguments, script, ct);

    public Task<CommandResult> IptablesAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        runner.RunAsync(options.IptablesPath, arguments, null, ct);

    /// <summary>Runs <c>ip -j …</c> and returns the array it prints (empty when it prints nothing).</summary>
    public async Task<JsonArray> IpJsonAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        ParseArray((await IpAsync(["-j", .. arguments], ct)).EnsureSuccess("ip " + string.Join(' ', arguments)).StandardOutput);

    public async Task<JsonArray> BridgeJsonAsync(IReadOnlyList<string> arguments, CancellationToken ct) =>
        ParseArray((await BridgeAsync(["-j", .. arguments], ct)).EnsureSuccess("bridge " + string.Join(' ', arguments)).StandardOutput);

    public static string? Str(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    internal static JsonArray ParseArray(string output)
    {
        if (string.IsNullOrWhiteSpace(output))
            return [];
        try
        {
            return JsonNode.Parse(output) as JsonArray ?? [];
        }
        catch (JsonException e)
        {
            throw new OverlayCommandException($"unreadable JSON from a network tool: {e.Message}");
        }
    }
}
