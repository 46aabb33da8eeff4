namespace Wharf.Storage.Sqlite;

/// <summary>
/// Every SQL text of the store. The log table is append-only: the row id is the revision; a delete appends a
/// tombstone. There is one writer (one connection per database file, held under <see cref="InstanceLock"/>), and it
/// reads a key's newest row in the same transaction as it appends after it, so no two rows can follow the same
/// previous row; kine's unique (name, prev_revision) index, there for several writers, is not kept (schema 1 had
/// it: one more index page dirtied per write, about a third of the writer's CPU and WAL bytes).
/// </summary>
/// <remarks>
/// Schema 2 stores each object once per revision: an update row no longer carries the replaced object in
/// old_value (schema 1 did, doubling the bytes written per update); a replay reads it from the row at
/// prev_revision, which compaction keeps for as long as the update itself can be replayed (a row is deleted only
/// once its successor is at or below the compact revision, and replays start above it). Rows written by schema 1
/// keep their old_value and are read as they are, so opening a schema 1 file only drops the unique index and bumps
/// the version, which keeps an older binary (that would read a NULL old_value as an empty previous object) from
/// opening the file again.
/// </remarks>
internal static class SqlStatements
{
    public const int SchemaVersion = 2;

    /// <summary>How long the writer waits for a lock another connection holds (SQLite's busy handler).</summary>
    public const int WriterBusyTimeoutMilliseconds = 5000;

    /// <summary>
    /// The writer's pragmas. Commits append to the WAL without an fsync (synchronous = NORMAL): an acknowledged write
    /// survives a kill of the process, not a power loss. After a commit that leaves at least
    /// <paramref name="autocheckpointPages"/> frames in the WAL, the writer checkpoints it itself, in the commit's
    /// call. With the background checkpointer running that is only a backstop; without it, 8,000 pages (32 MiB)
    /// instead of SQLite's default 1,000: a checkpoint writes the newest copy of each page once, and the pages every
    /// batch dirties (the log's last leaf, the index leaves the writers are working in, the interior pages above
    /// them) come back in nearly every commit, so a longer interval writes them to the database file fewer times
    /// (tenth session: about a sixth less CPU per update in the store alone).
    /// </summary>
    public static string OpenWriter(int autocheckpointPages) => $"""
        PRAGMA journal_mode = WAL;
        PRAGMA synchronous = NORMAL;
        PRAGMA busy_timeout = {WriterBusyTimeoutMilliseconds};
        PRAGMA temp_store = MEMORY;
        PRAGMA cache_size = -16000;
        PRAGMA wal_autocheckpoint = {autocheckpointPages};
        """;

    /// <summary>
    /// The connection of the background WAL checkpointer: a checkpoint copies pages through its own buffer, not the
    /// page cache, so a small cache will do; reading the schema version opens the connection's view of the WAL, which
    /// a checkpoint on a connection that has never read would not find.
    /// </summary>
    public const string OpenCheckpointer = """
        PRAGMA cache_size = -64;
        PRAGMA wal_autocheckpoint = 0;
        PRAGMA schema_version;
        """;

    public const string OpenReader = """
        PRAGMA busy_timeout = 5000;
        PRAGMA temp_store = MEMORY;
        PRAGMA cache_size = -8000;
        PRAGMA query_only = 1;
        """;

    public const string CreateSchema = """
        CREATE TABLE IF NOT EXISTS kv_log (
            id              INTEGER PRIMARY KEY AUTOINCREMENT,
            name            TEXT    NOT NULL,
            created         INTEGER NOT NULL,
            deleted         INTEGER NOT NULL,
            create_revision INTEGER NOT NULL,
            prev_revision   INTEGER NOT NULL,
            value           BLOB,
            old_value       BLOB);
        CREATE INDEX IF NOT EXISTS kv_log_name_id_deleted ON kv_log (name, id, deleted);
        CREATE TABLE IF NOT EXISTS kv_meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
        INSERT OR IGNORE INTO kv_meta (key, value) VALUES ('schema_version', 2), ('compact_revision', 0);
        """;

    /// <summary>Schema 1 to 2: no row is rewritten (see the class remarks); the unique index goes, in one transaction with the version.</summary>
    public const string MigrateFrom1 = """
        BEGIN IMMEDIATE;
        DROP INDEX IF EXISTS kv_log_name_prev_revision;
        UPDATE kv_meta SET value = 2 WHERE key = 'schema_version' AND value = 1;
        COMMIT;
        """;

    public const string Begin = "BEGIN";
    public const string BeginImmediate = "BEGIN IMMEDIATE";
    public const string Commit = "COMMIT";
    public const string Rollback = "ROLLBACK";

    public const string SelectSchemaVersion = "SELECT value FROM kv_meta WHERE key = 'schema_version'";

    public const string SelectCompactRevision = "SELECT value FROM kv_meta WHERE key = 'compact_revision'";

    /// <summary>sqlite_sequence keeps the highest id ever used, so the revision survives compacting the newest rows away.</summary>
    public const string SelectLastRevision = "SELECT COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'kv_log'), 0)";

    public const string UpdateCompactRevision = "UPDATE kv_meta SET value = @revision WHERE key = 'compact_revision'";

    /// <summary>Column order read by <see cref="LogRow.Read"/>.</summary>
    public const string RowColumns = "id, name, created, deleted, create_revision, prev_revision, value, old_value";

    /// <summary>
    /// The newest row of a key, in <see cref="RowColumns"/> order but without its old_value: neither a read nor the
    /// writer (which keeps the newest row's value as the next row's old value) needs it, and it is a second copy
    /// of the object on every updated row.
    /// </summary>
    public const string SelectLatest = "SELECT id, name, created, deleted, create_revision, prev_revision, value, NULL FROM kv_log WHERE name = @name ORDER BY id DESC LIMIT 1";

    /// <summary>The newest row's revision and tombstone flag alone: both are in the (name, id, deleted) index, so no table row is read.</summary>
    public const string SelectLatestHead = "SELECT id, deleted FROM kv_log WHERE name = @name ORDER BY id DESC LIMIT 1";

    /// <summary>
    /// Per key the newest row at or below @revision, if live. Written as a correlated subquery (not GROUP BY)
    /// so SQLite walks the (name, id, deleted) index in key order and a LIMIT stops the scan early;
    /// one inclusive lower bound (prefix or just after the page's last key) makes each page a seek.
    /// LIMIT -1 means no limit.
    /// </summary>
    public const string SelectListAtRevision = """
        SELECT kv.id, kv.name, kv.create_revision, kv.value
        FROM kv_log AS kv
        WHERE kv.name >= @lower AND kv.name < @upper AND kv.deleted = 0
          AND kv.id = (SELECT MAX(newer.id) FROM kv_log AS newer WHERE newer.name = kv.name AND newer.id <= @revision)
        ORDER BY kv.name
        LIMIT @limit
        """;

    public const string SelectCount = """
        SELECT COUNT(*)
        FROM kv_log AS kv
        WHERE kv.name >= @lower AND kv.name < @upper AND kv.deleted = 0
          AND kv.id = (SELECT MAX(newer.id) FROM kv_log AS newer WHERE newer.name = kv.name)
        """;

    /// <summary>
    /// Log rows in <see cref="RowColumns"/> order; an update's old value is its own old_value (schema 1 rows) or
    /// else the value of the row at its prev_revision (a primary-key lookup, evaluated only for updates).
    /// </summary>
    public const string SelectChanges = """
        SELECT kv.id, kv.name, kv.created, kv.deleted, kv.create_revision, kv.prev_revision, kv.value,
               CASE WHEN kv.created = 0 AND kv.deleted = 0
                    THEN COALESCE(kv.old_value, (SELECT prev.value FROM kv_log AS prev WHERE prev.id = kv.prev_revision))
               END
        FROM kv_log AS kv
        WHERE kv.id > @after AND kv.id <= @until AND kv.name >= @lower AND kv.name < @upper
        ORDER BY kv.id
        LIMIT @limit
        """;

    /// <summary>old_value stays NULL: the replaced object is the row at prev_revision (see the class remarks).</summary>
    public const string Insert = """
        INSERT INTO kv_log (id, name, created, deleted, create_revision, prev_revision, value)
        VALUES (@id, @name, @created, @deleted, @create_revision, @prev_revision, @value)
        """;

    /// <summary>
    /// Rows superseded by a row in (@lower, @upper]: every row names its predecessor in prev_revision,
    /// so the predecessors of the rows in the range are exactly the versions that stopped being current there.
    /// </summary>
    public const string DeleteSuperseded = """
        DELETE FROM kv_log WHERE id IN (
            SELECT prev_revision FROM kv_log WHERE id > @lower AND id <= @upper AND prev_revision > 0)
        """;

    /// <summary>Tombstones in (@lower, @upper]; their predecessors went with <see cref="DeleteSuperseded"/>.</summary>
    public const string DeleteTombstones = "DELETE FROM kv_log WHERE deleted = 1 AND id > @lower AND id <= @upper";
}
