namespace Wharf.Client.Rest;

/// <summary>The <c>type</c> of a watch event line.</summary>
public enum WatchEventType
{
    Added,
    Modified,
    Deleted,
    Bookmark,
    Error,
}
