namespace Wharf.Network.Overlay;

/// <summary>The iproute2 tool a <see cref="ToolCommand"/> runs.</summary>
internal enum OverlayTool
{
    Ip,
    Bridge,
}
