using Microsoft.Data.Sqlite;

namespace Wharf.Storage.Tests;

/// <summary>
/// Writes a database file as a schema 1 store (before 2026-11-26's seventh session) left it: every update row
/// carries the replaced object in old_value. The DDL is that version's, kept here verbatim so the migration is
/// tested against what old data directories really hold.
/// </summary>
internal static class SchemaOneFile
{
    private const string Schema = """
        PRAGMA journal_mode = WAL;
        CREATE TABLE IF NOT EXISTS kv_log (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            name            TEXT    NOT NULL,
            created         INTEGER NOT NULL,
            deleted         INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision   INTEGER NOT NULL,
            value           BLOB,
            old_value       BLOB);
        CREATE UNIQUE INDEX IF NOT EXISTS kv_log_name_prev_revision ON kv_log (name, prev_revision);
        CREATE INDEX IF NOT EXISTS kv_log_name_id_deleted ON kv_log (name, id, deleted);
        CREATE TABLE IF NOT EXISTS kv_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO kv_meta (key, value) VALUES ('schema_version', 1), ('compact_revision', 0);
        """;

    /// <summary>One schema 1 row: (revision, key, created, deleted, create revision, prev revision, value, old value).</summary>
    public readonly record struct Row(long Id, string Key, bool Created, bool Deleted, long CreateRevision, long PrevRevision, string Value, string? OldValue);

    public static void Write(string databasePath, IEnumerable<Row> rows)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(databasePath)!);
        using var connection = RawSqlite.Open(databasePath);
        Execute(connection, Schema);
        foreach (var row in rows)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO kv_log (id, name, created, deleted, create_revision, prev_revision, value, old_value)
                VALUES ($id, $name, $created, $deleted, $create, $prev, $value, $old)
                """;
            insert.Parameters.AddWithValue("$id", row.Id);
            insert.Parameters.AddWithValue("$name", row.Key);
            insert.Parameters.AddWithValue("$created", row.Created ? 1 : 0);
            insert.Parameters.AddWithValue("$deleted", row.Deleted ? 1 : 0);
            insert.Parameters.AddWithValue("$create", row.CreateRevision);
            insert.Parameters.AddWithValue("$prev", row.PrevRevision);
            insert.Parameters.AddWithValue("$value", TempStore.Bytes(row.Value));
            insert.Parameters.AddWithValue("$old", row.OldValue is null ? DBNull.Value : TempStore.Bytes(row.OldValue));
            insert.ExecuteNonQuery();
        }
    }

    public static long Scalar(string databasePath, string sql)
    {
        using var connection = RawSqlite.Open(databasePath);
        return RawSqlite.Scalar(connection, sql);
    }

    public static void Execute(string databasePath, string sql)
    {
        using var connection = RawSqlite.Open(databasePath);
        Execute(connection, sql);
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
