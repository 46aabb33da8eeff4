using System.Text.Json.Nodes;

namespace Wharf.Client.Cache;

/// <summary>One change to deliver to a handler.</summary>
internal readonly record struct Notification(NotificationKind Kind, JsonObject? Old, JsonObject New);

internal enum NotificationKind
{
    Add,
    Update,
    Delete,
}
