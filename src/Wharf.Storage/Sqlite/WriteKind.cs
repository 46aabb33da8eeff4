namespace Wharf.Storage.Sqlite;

internal enum WriteKind { Create, Update, Delete }
