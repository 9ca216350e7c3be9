using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Creates and migrates the schema. Each migration runs in its own <c>BEGIN IMMEDIATE</c> transaction and
/// bumps <c>PRAGMA user_version</c>, so processes that start together apply each step exactly once.
/// </summary>
internal static class SqliteSchema
{
    // Append new steps; never edit a shipped one: stores in the field are at every version in between.
    private static readonly string[] Migrations =
    [
        """
        CREATE TABLE credentials (
            org_id          TEXT    NOT NULL,
            key             TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            name            TEXT    NOT NULL,
            category        TEXT    NOT NULL,
            type            TEXT    NOT NULL,
            masked_summary  TEXT    NOT NULL,
            template_id     TEXT    NULL,
            search_text     TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            version         INTEGER NOT NULL,
            key_id          TEXT    NOT NULL,
            sealed          BLOB    NOT NULL,
            PRIMARY KEY (org_id, key)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX ux_credentials_org_id ON credentials (org_id, id);
        CREATE INDEX ix_credentials_key_id ON credentials (key_id);
        CREATE TABLE settings (
            name  TEXT PRIMARY KEY NOT NULL,
            value BLOB NOT NULL
        ) WITHOUT ROWID;
        """,
        // Assignments (which consumers use a credential) and soft-deleted credentials. A deleted credential moves to its
        // own table, which frees its key in credentials; its assignments stay until it is restored or purged.
        """
        CREATE TABLE credential_assignments (
            org_id         TEXT NOT NULL,
            credential_id  TEXT NOT NULL,
            consumer_kind  TEXT NOT NULL,
            consumer_id    TEXT NOT NULL,
            display_name   TEXT NULL,
            PRIMARY KEY (org_id, credential_id, consumer_kind, consumer_id)
        ) WITHOUT ROWID;
        CREATE INDEX ix_credential_assignments_consumer ON credential_assignments (org_id, consumer_kind, consumer_id);
        CREATE TABLE deleted_credentials (
            org_id          TEXT    NOT NULL,
            key             TEXT    NOT NULL,
            id              TEXT    NOT NULL,
            name            TEXT    NOT NULL,
            category        TEXT    NOT NULL,
            type            TEXT    NOT NULL,
            masked_summary  TEXT    NOT NULL,
            template_id     TEXT    NULL,
            search_text     TEXT    NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            version         INTEGER NOT NULL,
            key_id          TEXT    NOT NULL,
            sealed          BLOB    NOT NULL,
            deleted_at      INTEGER NOT NULL,
            PRIMARY KEY (org_id, id)
        );
        CREATE INDEX ix_deleted_credentials_org_key ON deleted_credentials (org_id, key);
        CREATE INDEX ix_deleted_credentials_deleted_at ON deleted_credentials (deleted_at);
        CREATE INDEX ix_deleted_credentials_key_id ON deleted_credentials (key_id);
        """,
        // OAuth 2.0: flows in progress (keyed by a hash of the state, taken once), refresh leases (one refresher per
        // credential across processes, compare-and-swap on expiry) and connection states (needs reconnect).
        """
        CREATE TABLE oauth_flows (
            state_hash     TEXT    PRIMARY KEY NOT NULL,
            org_id         TEXT    NOT NULL,
            user_id        TEXT    NULL,
            credential_id  TEXT    NOT NULL,
            created_at     INTEGER NOT NULL,
            expires_at     INTEGER NOT NULL,
            key_id         TEXT    NOT NULL,
            sealed         BLOB    NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX ix_oauth_flows_expires_at ON oauth_flows (expires_at);
        CREATE TABLE oauth_leases (
            org_id         TEXT    NOT NULL,
            credential_id  TEXT    NOT NULL,
            holder         TEXT    NOT NULL,
            expires_at     INTEGER NOT NULL,
            PRIMARY KEY (org_id, credential_id)
        ) WITHOUT ROWID;
        CREATE TABLE oauth_connections (
            org_id              TEXT    NOT NULL,
            credential_id       TEXT    NOT NULL,
            state               TEXT    NOT NULL,
            credential_version  INTEGER NOT NULL,
            updated_at          INTEGER NOT NULL,
            PRIMARY KEY (org_id, credential_id)
        ) WITHOUT ROWID;
        """,
    ];

    /// <summary>The schema version this code writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    public static void Apply(SqliteConnection connection)
    {
        using (var wal = connection.CreateCommand())
        {
            // WAL lets readers run beside the single writer; the setting persists in the file.
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        while (true)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            var version = ReadVersion(connection, transaction);
            if (version > CurrentVersion)
            {
                throw new InvalidOperationException(
                    $"The SQLite credential store has schema version {version}, newer than this library understands ({CurrentVersion}). Upgrade the Credentials packages.");
            }

            if (version == CurrentVersion)
            {
                transaction.Commit();
                return;
            }

            using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = Migrations[version] + $"\nPRAGMA user_version = {version + 1};";
            command.ExecuteNonQuery();
            transaction.Commit();
        }
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
