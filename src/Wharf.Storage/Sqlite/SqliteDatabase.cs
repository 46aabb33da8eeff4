using Microsoft.Data.Sqlite;

namespace Wharf.Storage.Sqlite;

/// <summary>Opens connections to one database file with the pragmas each role needs, and prepares commands.</summary>
internal sealed class SqliteDatabase
{
    private readonly string _connectionString;

    public SqliteDatabase(string path)
    {
        Path = path;
        // Pooling off: the store keeps its own long-lived connections (with prepared statements),
        // and dispose must really close the file.
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString();
    }

    public string Path { get; }

    /// <param name="autocheckpointPages">See <see cref="SqlStatements.OpenWriter"/>.</param>
    public SqliteConnection OpenWriter(int autocheckpointPages)
    {
        var connection = Open(SqlStatements.OpenWriter(autocheckpointPages));
        Execute(connection, SqlStatements.CreateSchema);
        if (ReadSchemaVersion(connection) == 1)
        {
            Execute(connection, SqlStatements.MigrateFrom1);
        }

        var version = ReadSchemaVersion(connection);
        if (version != SqlStatements.SchemaVersion)
        {
            connection.Dispose();
            throw new StorageException($"{Path}: schema version {version} is not supported (expected {SqlStatements.SchemaVersion})");
        }

        return connection;
    }

    public SqliteConnection OpenReader() => Open(SqlStatements.OpenReader);

    public SqliteConnection OpenCheckpointer() => Open(SqlStatements.OpenCheckpointer);

    public static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        command.Prepare();
        return command;
    }

    private SqliteConnection Open(string pragmas)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            Execute(connection, pragmas);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static long ReadSchemaVersion(SqliteConnection connection)
    {
        using var command = Prepare(connection, SqlStatements.SelectSchemaVersion);
        return (long)command.ExecuteScalar()!;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
