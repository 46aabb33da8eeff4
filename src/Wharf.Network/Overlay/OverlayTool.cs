namespace Wharf.Network.Overlay;

/// <summary>The iproute2 tool a <see cref="ToolCommand"/> runs.</summary>
public enum OverlayTool
{
    Ip,
    Bridge,
}
