using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Turns a <see cref="SqliteException"/> into a <see cref="CredentialStorageException"/> that says what happened to which
/// file and what to do, from SQLite's primary and extended result codes (https://sqlite.org/rescode.html) and, where
/// SQLite only says "unable to open", from what the file system shows. Messages name the database path, never the
/// connection string; they quote SQLite's generic text for the code, not its per-statement message.
/// </summary>
internal static class SqliteFailure
{
    private const int Perm = 3;
    private const int Busy = 5;
    private const int Locked = 6;
    private const int NoMem = 7;
    private const int ReadOnly = 8;
    private const int IoErr = 10;
    private const int Corrupt = 11;
    private const int Full = 13;
    private const int CantOpen = 14;
    private const int Protocol = 15;
    private const int Schema = 17;
    private const int Constraint = 19;
    private const int Auth = 23;
    private const int NotADb = 26;

    private const int ReadOnlyRecovery = ReadOnly | (1 << 8);
    private const int ReadOnlyCantLock = ReadOnly | (2 << 8);
    private const int ReadOnlyRollback = ReadOnly | (3 << 8);
    private const int ReadOnlyDbMoved = ReadOnly | (4 << 8);
    private const int ReadOnlyCantInit = ReadOnly | (5 << 8);
    private const int ReadOnlyDirectory = ReadOnly | (6 << 8);

    private const string GiveWriteAccess =
        "Give the process write access to the file and its folder (check the permissions, an immutable attribute, or a read-only mount), then retry.";

    public static CredentialStorageException Map(SqliteException exception, SqliteDatabase database)
    {
        var primary = exception.SqliteErrorCode & 0xFF;
        var extended = exception.SqliteExtendedErrorCode is var e && (e & 0xFF) == primary ? e : exception.SqliteErrorCode;
        var store = database.Description;
        var sqlite = $"SQLite error {extended}: {Text(extended)}";
        var (message, transient) = primary switch
        {
            Busy or Locked => (
                $"{store} is locked by another connection or process (a long write transaction, or a checkpoint) and stayed locked " +
                $"longer than the busy timeout of {database.BusyTimeoutSeconds} s ({sqlite}). Nothing was changed. Retry later; if it keeps " +
                "happening, find what holds the store, or raise 'Default Timeout' in the connection string.",
                true),
            Full => (
                $"{store} cannot grow: the disk or file system that holds it is full, or a quota is reached ({sqlite}). Nothing was " +
                "changed. Free space there (or move the store to a larger disk), then retry.",
                false),
            ReadOnly => ($"{store} cannot be written: {ReadOnlyReason(extended, database)} ({sqlite}). Nothing was changed. {ReadOnlyFix(extended)}", false),
            CantOpen => ($"{store} cannot be opened: {CantOpenReason(database)} ({sqlite}). Check the path in the connection string and the permissions.", false),
            Corrupt or NotADb => (
                $"{store} is damaged or is not a SQLite database ({sqlite}). Restore it from a backup; keep the damaged file for " +
                "inspection and do not let anything write to it.",
                false),
            IoErr => (
                $"{store} could not be read or written: the operating system reported an I/O error ({sqlite}). Check the disk and " +
                "the file system (the system log may say more), then retry.",
                false),
            Perm or Auth => ($"{store} cannot be accessed: permission denied ({sqlite}). {GiveWriteAccess}", false),
            NoMem => ($"{store} could not be used: SQLite ran out of memory ({sqlite}). Retry later.", true),
            Protocol or Schema => ($"{store} changed under the statement ({sqlite}). Retry.", true),
            Constraint => (
                $"{store} refused a change that breaks a rule of its schema ({sqlite}). Nothing was changed. The schema may have " +
                "been altered outside the vault (a trigger or a constraint of its own); this is not a taken key.",
                false),
            _ => ($"{store} reported an error ({sqlite}).", false),
        };

        return new CredentialStorageException(message, transient, exception);
    }

    /// <summary>The store's schema is newer than this code; nothing was touched.</summary>
    public static CredentialStorageException NewerSchema(SqliteDatabase database, long version, int current) => new(
        $"{database.Description} has schema version {version}, newer than this library understands ({current}). " +
        "Upgrade the Credentials packages.",
        isTransient: false);

    private static string ReadOnlyReason(int extended, SqliteDatabase database)
    {
        var name = Path.GetFileName(database.Location.FilePath) ?? "the database";
        return extended switch
        {
            ReadOnlyRecovery => $"its write-ahead log {name}-wal must be recovered after a crash, which needs write access",
            ReadOnlyCantLock or ReadOnlyCantInit => $"its shared-memory file {name}-shm is read-only",
            ReadOnlyRollback => "a rollback journal left by a crash must be rolled back, which needs write access",
            ReadOnlyDbMoved => "the file was moved, renamed or deleted while the store had it open",
            ReadOnlyDirectory => $"its folder {Folder(database)} is read-only",
            _ when database.IsReadOnlySnapshot =>
                $"its folder {Folder(database)} is read-only, so SQLite cannot create {name}-wal beside it (the store is open for reading only)",
            _ when database.Location.IsReadOnly => "the connection string opens it read-only (Mode=ReadOnly or mode=ro)",
            _ => $"the file is read-only (or its folder is, so SQLite cannot create {name}-wal beside it)",
        };
    }

    private static string ReadOnlyFix(int extended) => extended == ReadOnlyDbMoved
        ? "Put the file back (or restore it from a backup) and restart the application."
        : GiveWriteAccess;

    private static string CantOpenReason(SqliteDatabase database)
    {
        var location = database.Location;
        if (location.FilePath is not { } file)
        {
            return "SQLite cannot open a temporary database";
        }

        var folder = Folder(database);
        var name = Path.GetFileName(file);
        if (Directory.Exists(file))
        {
            return "the path is a folder, not a database file";
        }

        if (!Directory.Exists(folder))
        {
            return location.CanCreate
                ? $"its folder {folder} does not exist"
                : $"its folder {folder} does not exist, and the connection string does not allow creating the store (Mode)";
        }

        if (!File.Exists(file))
        {
            return location.CanCreate
                ? $"the file does not exist and SQLite cannot create it: the folder {folder} is not writable"
                : "the file does not exist, and the connection string does not allow creating it (Mode)";
        }

        return File.Exists(file + "-wal")
            ? $"the process cannot read and write the file or its {name}-wal and {name}-shm files"
            : $"the process cannot read the file, or its folder {folder} is read-only so SQLite cannot create {name}-wal and {name}-shm beside it";
    }

    private static string Folder(SqliteDatabase database) =>
        Path.GetDirectoryName(database.Location.FilePath) is { Length: > 0 } folder ? folder : "(unknown)";

    private static string Text(int code) => raw.sqlite3_errstr(code).utf8_to_string();
}
