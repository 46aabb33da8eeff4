using Microsoft.Data.Sqlite;
using Wharf.Storage.Sqlite;

namespace Wharf.Storage.Tests;

/// <summary>The writer's statements on SQLite's own API read back exactly what Microsoft.Data.Sqlite would.</summary>
public sealed class RawStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public RawStatementTests()
    {
        _connection.Open();
        using var create = _connection.CreateCommand();
        create.CommandText = "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL, value BLOB)";
        create.ExecuteNonQuery();
    }

    [Theory]
    [InlineData("/registry/configmaps/default/a")]
    [InlineData("/registry/pods/ns/ünïcødé-😀")]
    [InlineData(null)] // a key longer than the stack buffer: the pooled path
    public void BoundTextAndBlob_ReadBackTheSame_ThroughBothApis(string? key)
    {
        key ??= "/registry/k/" + new string('é', 700);
        byte[] value = [0, 1, 2, 255, (byte)'{'];
        using (var insert = new RawStatement(_connection, "INSERT INTO t (id, name, value) VALUES (?1, ?2, ?3)"))
        {
            insert.Bind(1, 7L);
            insert.Bind(2, key);
            insert.Bind(3, value);
            insert.Execute();
        }

        using var select = new RawStatement(_connection, "SELECT id, name, value FROM t WHERE name = ?1");
        select.Bind(1, key);
        Assert.True(select.StepFirstRow());
        Assert.Equal(7L, select.Int64(0));
        Assert.Equal(key, select.Text(1));
        Assert.Equal(value, select.Blob(2));
        select.Reset();

        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT name, value FROM t WHERE id = 7";
        using var reader = command.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(key, reader.GetString(0));
        Assert.Equal(value, reader.GetFieldValue<byte[]>(1));
    }

    [Fact]
    public void EmptyBlob_IsStoredAsAnEmptyBlob_NotNull()
    {
        using (var insert = new RawStatement(_connection, "INSERT INTO t (id, name, value) VALUES (?1, ?2, ?3)"))
        {
            insert.Bind(1, 1L);
            insert.Bind(2, "k");
            insert.Bind(3, ReadOnlySpan<byte>.Empty);
            insert.Execute();
        }

        using var select = new RawStatement(_connection, "SELECT value, typeof(value) FROM t WHERE id = 1");
        Assert.True(select.StepFirstRow());
        Assert.Equal([], select.Blob(0));
        Assert.Equal("blob", select.Text(1));
        select.Reset();
    }

    [Fact]
    public void NoRow_StepFirstRowIsFalse_AndTheStatementRunsAgain()
    {
        using var select = new RawStatement(_connection, "SELECT id FROM t WHERE name = ?1");
        select.Bind(1, "absent");
        Assert.False(select.StepFirstRow());
        select.Reset();
        select.Bind(1, "absent");
        Assert.False(select.StepFirstRow());
        select.Reset();
    }

    [Fact]
    public void ConstraintViolation_ThrowsSqliteException_AndTheStatementStaysUsable()
    {
        using var insert = new RawStatement(_connection, "INSERT INTO t (id, name, value) VALUES (?1, ?2, ?3)");
        insert.Bind(1, 1L);
        insert.Bind(2, "a");
        insert.Bind(3, new byte[] { 1 });
        insert.Execute();

        var error = Assert.Throws<SqliteException>(insert.Execute);
        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT

        insert.Bind(1, 2L);
        insert.Execute();
        using var count = _connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM t";
        Assert.Equal(2L, (long)count.ExecuteScalar()!);
    }

    [Fact]
    public void BadSql_ThrowsSqliteException()
    {
        Assert.Throws<SqliteException>(() => new RawStatement(_connection, "SELECT FROM nowhere"));
    }

    public void Dispose() => _connection.Dispose();
}
