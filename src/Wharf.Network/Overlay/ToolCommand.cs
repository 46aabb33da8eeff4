namespace Wharf.Network.Overlay;

/// <summary>One <c>ip</c> or <c>bridge</c> invocation of a datapath plan.</summary>
internal sealed record ToolCommand(OverlayTool Tool, IReadOnlyList<string> Arguments)
{
    public override string ToString() => (Tool == OverlayTool.Ip ? "ip " : "bridge ") + string.Join(' ', Arguments);
}
