namespace Wharf.Node.Images.Gc;

/// <summary>A collection that could not free what it had to; the message is the event's.</summary>
public sealed class ImageGcException(string message) : Exception(message);
