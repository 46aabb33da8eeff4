using Microsoft.Data.Sqlite;

namespace Wharf.Storage.Sqlite;

/// <summary>The current row's columns, read the same way from a <see cref="RawStatement"/> or a <see cref="SqliteDataReader"/>.</summary>
internal interface IRowColumns
{
    long Int64(int column);

    string Text(int column);

    /// <summary>A blob column as a new array, or null for NULL.</summary>
    byte[]? Blob(int column);
}

/// <summary>A <see cref="SqliteDataReader"/>'s current row as <see cref="IRowColumns"/>.</summary>
internal readonly struct DataReaderColumns(SqliteDataReader reader) : IRowColumns
{
    public long Int64(int column) => reader.GetInt64(column);

    public string Text(int column) => reader.GetString(column);

    public byte[]? Blob(int column) => reader.IsDBNull(column) ? null : reader.GetFieldValue<byte[]>(column);
}
