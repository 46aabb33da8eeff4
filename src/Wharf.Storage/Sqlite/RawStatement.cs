using System.Buffers;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// One statement prepared once on a connection and run many times through SQLite's own API, for the writer's
/// per-write statements. <see cref="SqliteCommand"/> allocates a binder per parameter and a reader per query and
/// boxes every integer on each run; a write costs several of each, on the one thread every write waits for.
/// Not thread-safe: it belongs to the connection's single user.
/// </summary>
internal sealed class RawStatement : IRowColumns, IDisposable
{
    private const int StackKeyBytes = 512;
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _statement;

    public RawStatement(SqliteConnection connection, string sql)
    {
        _db = connection.Handle ?? throw new InvalidOperationException("the connection is not open");
        Check(raw.sqlite3_prepare_v3(_db, sql, raw.SQLITE_PREPARE_PERSISTENT, out _statement, out _));
    }

    /// <summary>Binds a 1-based parameter.</summary>
    public void Bind(int index, long value) => Check(raw.sqlite3_bind_int64(_statement, index, value));

    /// <summary>Binds a 1-based parameter as UTF-8 text, encoded without a heap copy for keys of usual length.</summary>
    public void Bind(int index, string value)
    {
        var length = Encoding.UTF8.GetMaxByteCount(value.Length);
        byte[]? rented = null;
        var buffer = length <= StackKeyBytes ? stackalloc byte[StackKeyBytes] : (rented = ArrayPool<byte>.Shared.Rent(length));
        try
        {
            var written = Encoding.UTF8.GetBytes(value, buffer);
            // SQLite copies the text (SQLITE_TRANSIENT), so the buffer may be reused at once.
            Check(raw.sqlite3_bind_text(_statement, index, buffer[..written]));
        }
        finally
        {
            if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>Binds a 1-based parameter as a blob (never NULL, also when empty).</summary>
    public void Bind(int index, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
            Check(raw.sqlite3_bind_zeroblob(_statement, index, 0));
        else
            Check(raw.sqlite3_bind_blob(_statement, index, value));
    }

    /// <summary>Runs a statement that returns no rows, then resets it for the next run.</summary>
    public void Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_statement);
            if (rc != raw.SQLITE_DONE && rc != raw.SQLITE_ROW)
                SqliteException.ThrowExceptionForRC(rc, _db);
        }
        finally
        {
            raw.sqlite3_reset(_statement);
        }
    }

    /// <summary>
    /// Steps to the first row and returns whether there is one; its columns are read through <see cref="IRowColumns"/>, and
    /// <see cref="Reset"/> must follow.
    /// </summary>
    public bool StepFirstRow()
    {
        var rc = raw.sqlite3_step(_statement);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        raw.sqlite3_reset(_statement);
        SqliteException.ThrowExceptionForRC(rc, _db);
        return false;
    }

    public long Int64(int column) => raw.sqlite3_column_int64(_statement, column);

    public string Text(int column) => raw.sqlite3_column_text(_statement, column).utf8_to_string();

    public byte[]? Blob(int column) =>
        raw.sqlite3_column_type(_statement, column) == raw.SQLITE_NULL ? null : raw.sqlite3_column_blob(_statement, column).ToArray();

    public void Reset() => raw.sqlite3_reset(_statement);

    public void Dispose() => _statement.Dispose();

    private void Check(int rc)
    {
        if (rc != raw.SQLITE_OK)
            SqliteException.ThrowExceptionForRC(rc, _db);
    }
}
