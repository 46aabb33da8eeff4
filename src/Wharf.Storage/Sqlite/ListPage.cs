namespace Wharf.Storage.Sqlite;

internal sealed record ListPage(List<StoredObject> Items, bool HasMore);
