using Microsoft.Data.Sqlite;

namespace Wharf.Storage.Tests;

/// <summary>Plain SQLite connections to a store's file, beside the store, for tests that look at the file itself.</summary>
internal static class RawSqlite
{
    public static SqliteConnection Open(string databasePath)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    public static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}
