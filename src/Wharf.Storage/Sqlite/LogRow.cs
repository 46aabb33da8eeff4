using Microsoft.Data.Sqlite;

namespace Wharf.Storage.Sqlite;

/// <summary>
/// One row of the log. Deletes keep the last value in <see cref="Value"/> (and no <see cref="OldValue"/>);
/// an update's <see cref="OldValue"/> is the replaced value, which fills <see cref="WatchEvent.Previous"/>: held in
/// memory by the row the writer appends, read from the row at <see cref="PrevRevision"/> on replays (not stored twice).
/// </summary>
internal sealed record LogRow(
    long Revision,
    string Key,
    bool Created,
    bool Deleted,
    long CreateRevision,
    long PrevRevision,
    byte[] Value,
    byte[]? OldValue)
{
    public StoredObject ToStoredObject() => new(Key, Value, Revision, CreateRevision);

    public WatchEvent ToEvent()
    {
        if (Created)
        {
            return new WatchEvent(WatchEventType.Created, ToStoredObject(), null);
        }

        var previousValue = Deleted ? Value : OldValue ?? [];
        var previous = new StoredObject(Key, previousValue, PrevRevision, CreateRevision);
        return new WatchEvent(Deleted ? WatchEventType.Deleted : WatchEventType.Updated, ToStoredObject(), previous);
    }

    /// <summary>The row a write appends at <paramref name="revision"/> after <paramref name="previous"/> (the key's newest row, maybe a tombstone).</summary>
    public static LogRow Next(long revision, WriteKind kind, string key, byte[] value, LogRow? previous) => kind switch
    {
        WriteKind.Create => Creation(revision, key, value, previous?.Revision ?? 0),
        WriteKind.Update => new LogRow(revision, key, false, false, previous!.CreateRevision, previous.Revision, value, previous.Value),
        WriteKind.Delete => new LogRow(revision, key, false, true, previous!.CreateRevision, previous.Revision, previous.Value, null),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>A create at <paramref name="revision"/>, after the key's tombstone at <paramref name="previousRevision"/> (0 for a key never written).</summary>
    public static LogRow Creation(long revision, string key, byte[] value, long previousRevision) =>
        new(revision, key, true, false, revision, previousRevision, value, null);

    /// <summary>
    /// A live row known from outside the log (a caller's read of it), with what a following update needs of it:
    /// revision, create revision and value. Whether it was the key's first row is not known, nor needed.
    /// </summary>
    public static LogRow Current(string key, byte[] value, long revision, long createRevision) =>
        new(revision, key, revision == createRevision, false, createRevision, 0, value, null);

    /// <summary>Reads the columns of <see cref="SqlStatements.RowColumns"/>.</summary>
    public static LogRow Read<TColumns>(TColumns row) where TColumns : IRowColumns => new(
        row.Int64(0),
        row.Text(1),
        row.Int64(2) != 0,
        row.Int64(3) != 0,
        row.Int64(4),
        row.Int64(5),
        row.Blob(6) ?? [],
        row.Blob(7));

    public static LogRow? ReadSingle(SqliteCommand command)
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(new DataReaderColumns(reader)) : null;
    }
}
