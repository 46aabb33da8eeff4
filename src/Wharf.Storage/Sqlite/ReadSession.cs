using Microsoft.Data.Sqlite;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// One reader connection with its prepared statements; used by one caller at a time (see <see cref="ReadSessionPool"/>).
/// Reads of history run in a read transaction that also reads the compact revision, so a compaction
/// committing mid-read cannot silently remove rows the read needs: WAL gives the transaction one snapshot.
/// </summary>
internal sealed class ReadSession : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _begin;
    private readonly SqliteCommand _commit;
    private readonly SqliteCommand _rollback;
    private readonly SqliteCommand _compactRevision;
    private readonly SqliteCommand _latest;
    private readonly SqliteCommand _list;
    private readonly SqliteCommand _count;
    private readonly SqliteCommand _changes;

    public ReadSession(SqliteConnection connection)
    {
        _connection = connection;
        _begin = SqliteDatabase.Prepare(connection, SqlStatements.Begin);
        _commit = SqliteDatabase.Prepare(connection, SqlStatements.Commit);
        _rollback = SqliteDatabase.Prepare(connection, SqlStatements.Rollback);
        _compactRevision = SqliteDatabase.Prepare(connection, SqlStatements.SelectCompactRevision);
        _latest = SqliteDatabase.Prepare(connection, SqlStatements.SelectLatest, "@name");
        _list = SqliteDatabase.Prepare(connection, SqlStatements.SelectListAtRevision, "@lower", "@upper", "@revision", "@limit");
        _count = SqliteDatabase.Prepare(connection, SqlStatements.SelectCount, "@lower", "@upper");
        _changes = SqliteDatabase.Prepare(connection, SqlStatements.SelectChanges, "@after", "@until", "@lower", "@upper", "@limit");
    }

    /// <summary>The newest row of <paramref name="key"/> (a tombstone when it was deleted last).</summary>
    public LogRow? Latest(string key)
    {
        _latest.Parameters[0].Value = key;
        return LogRow.ReadSingle(_latest);
    }

    public long Count(KeyRange range)
    {
        _count.Parameters[0].Value = range.Lower;
        _count.Parameters[1].Value = range.UpperExclusive;
        return (long)_count.ExecuteScalar()!;
    }

    /// <summary>Live keys of <paramref name="range"/> at <paramref name="revision"/>, after <paramref name="startAfterKey"/>, at most <paramref name="limit"/> (0 = all).</summary>
    public ListPage List(KeyRange range, long revision, string? startAfterKey, int limit) => InSnapshot(revision, () =>
    {
        _list.Parameters[0].Value = range.LowerAfter(startAfterKey);
        _list.Parameters[1].Value = range.UpperExclusive;
        _list.Parameters[2].Value = revision;
        _list.Parameters[3].Value = limit > 0 ? limit + 1L : -1L;

        var items = new List<StoredObject>(limit > 0 ? Math.Min(limit + 1, 4096) : 64);
        using (var reader = _list.ExecuteReader())
        {
            while (reader.Read())
            {
                items.Add(new StoredObject(reader.GetString(1), new DataReaderColumns(reader).Blob(3) ?? [], reader.GetInt64(0), reader.GetInt64(2)));
            }
        }

        var hasMore = limit > 0 && items.Count > limit;
        if (hasMore)
        {
            items.RemoveAt(items.Count - 1);
        }

        return new ListPage(items, hasMore);
    });

    /// <summary>Log rows of <paramref name="range"/> with revisions in (<paramref name="after"/>, <paramref name="until"/>], oldest first.</summary>
    public List<LogRow> Changes(KeyRange range, long after, long until, int limit) => InSnapshot(after, () =>
    {
        _changes.Parameters[0].Value = after;
        _changes.Parameters[1].Value = until;
        _changes.Parameters[2].Value = range.Lower;
        _changes.Parameters[3].Value = range.UpperExclusive;
        _changes.Parameters[4].Value = limit;

        var rows = new List<LogRow>();
        using var reader = _changes.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(LogRow.Read(new DataReaderColumns(reader)));
        }

        return rows;
    });

    public void Dispose() => _connection.Dispose();

    private T InSnapshot<T>(long revision, Func<T> read)
    {
        _begin.ExecuteNonQuery();
        try
        {
            var compacted = (long)_compactRevision.ExecuteScalar()!;
            if (revision < compacted)
            {
                throw new RevisionCompactedException(revision, compacted);
            }

            return read();
        }
        finally
        {
            // Read-only: ending the transaction either way only releases the snapshot.
            _commit.ExecuteNonQuery();
        }
    }
}
