namespace Wharf.Network.Overlay;

/// <summary>A route to another node's pod subnet; all strings normalised so records compare by value.</summary>
internal sealed record OverlayRoute(string Destination, string Gateway, string Device, bool OnLink);
