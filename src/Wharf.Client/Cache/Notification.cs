namespace Wharf.Client.Cache;

/// <summary>One change to deliver to a handler.</summary>
internal readonly record struct Notification<T>(NotificationKind Kind, T? Old, T New) where T : class;

internal enum NotificationKind
{
    Add,
    Update,
    Delete,
}
