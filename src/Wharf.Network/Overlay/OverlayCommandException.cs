namespace Wharf.Network.Overlay;

/// <summary>A kernel-programming tool (ip, bridge, nft) refused a command; the reconcile is retried with backoff.</summary>
public sealed class OverlayCommandException(string message) : Exception(message);
