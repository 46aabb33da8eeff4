namespace Wharf.Client.Events;

/// <summary>An Event waiting in <see cref="EventRecorder"/>'s queue: what it says, and the object it is about.</summary>
internal sealed record PendingEvent(string Type, string Reason, string Message, InvolvedObject Reference);
