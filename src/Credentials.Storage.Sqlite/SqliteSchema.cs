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
        // Personal credentials: a key is unique per (organization, owner). The owner is the empty string for the
        // organization's shared credentials, so every existing row stays shared and the primary key stays NOT NULL.
        // The primary key leads with (org_id, owner_user_id), so a resolve is still one point read of the table b-tree.
        // SQLite cannot change a primary key in place: the table is rebuilt, within this migration's transaction.
        """
        CREATE TABLE credentials_by_owner (
            org_id          TEXT    NOT NULL,
            owner_user_id   TEXT    NOT NULL DEFAULT '',
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
            PRIMARY KEY (org_id, owner_user_id, key)
        ) WITHOUT ROWID;
        INSERT INTO credentials_by_owner
            (org_id, owner_user_id, key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version, key_id, sealed)
            SELECT org_id, '', key, id, name, category, type, masked_summary, template_id, search_text, created_at, updated_at, version, key_id, sealed
            FROM credentials;
        DROP TABLE credentials;
        ALTER TABLE credentials_by_owner RENAME TO credentials;
        CREATE UNIQUE INDEX ux_credentials_org_id ON credentials (org_id, id);
        CREATE INDEX ix_credentials_key_id ON credentials (key_id);
        ALTER TABLE deleted_credentials ADD COLUMN owner_user_id TEXT NOT NULL DEFAULT '';
        """,
        // Retired key ids: the fence that every write of a key id checks in its own transaction (SqliteFenceSql).
        // Retirements recorded before it (settings 'key-retired/<id>') are copied in; their time is not (NULL).
        """
        CREATE TABLE retired_keys (
            key_id      TEXT    PRIMARY KEY NOT NULL,
            retired_at  INTEGER NULL
        ) WITHOUT ROWID;
        INSERT OR IGNORE INTO retired_keys (key_id, retired_at)
            SELECT substr(name, 13), NULL FROM settings WHERE substr(name, 1, 12) = 'key-retired/';
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
        // Operations: an optional expiry on any credential and its last-used time (both non-secret, both kept by the recycle
        // bin so a recovery brings them back), and the audit trail: one chain per organization ('' for store-wide events),
        // numbered without gaps, each record MACed over the previous one; audit_heads keeps each chain's last sequence and
        // MAC, read and moved by every append in the transaction of its change.
        """
        ALTER TABLE credentials ADD COLUMN expires_at INTEGER NULL;
        ALTER TABLE credentials ADD COLUMN last_used_at INTEGER NULL;
        ALTER TABLE deleted_credentials ADD COLUMN expires_at INTEGER NULL;
        ALTER TABLE deleted_credentials ADD COLUMN last_used_at INTEGER NULL;
        CREATE INDEX ix_credentials_expires_at ON credentials (expires_at, org_id, id) WHERE expires_at IS NOT NULL;
        CREATE INDEX ix_oauth_connections_state ON oauth_connections (state, org_id, credential_id);
        CREATE TABLE audit_log (
            org_id          TEXT    NOT NULL,
            sequence        INTEGER NOT NULL,
            at              INTEGER NOT NULL,
            action          TEXT    NOT NULL,
            actor_user_id   TEXT    NULL,
            credential_id   TEXT    NULL,
            credential_key  TEXT    NULL,
            owner_user_id   TEXT    NULL,
            details         TEXT    NOT NULL,
            mac             BLOB    NOT NULL,
            PRIMARY KEY (org_id, sequence)
        ) WITHOUT ROWID;
        CREATE INDEX ix_audit_log_credential ON audit_log (org_id, credential_id, sequence);
        CREATE TABLE audit_heads (
            org_id    TEXT    PRIMARY KEY NOT NULL,
            sequence  INTEGER NOT NULL,
            mac       BLOB    NOT NULL
        ) WITHOUT ROWID;
        """,
    ];

    /// <summary>The schema version this code writes.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>
    /// Brings the store to <see cref="CurrentVersion"/>. A store that is already current (and in WAL mode) is only read,
    /// so a store this process cannot write still opens.
    /// </summary>
    public static void Apply(SqliteConnection connection, SqliteDatabase database)
    {
        var version = ReadVersion(connection, null);
        ThrowIfNewer(version, database);
        if (version == CurrentVersion && (database.IsReadOnlySnapshot || JournalMode(connection) == "wal"))
        {
            return;
        }

        if (database.IsReadOnlySnapshot)
        {
            // Read through immutable=1 because nothing beside the file can be created: no upgrade can be written either.
            throw new CredentialStorageException(
                $"{database.Description} has schema version {version} and needs an upgrade to version {CurrentVersion}, but it can only be read: " +
                $"the file and its folder are read-only. Give the process write access to both once so the upgrade can run.",
                isTransient: false);
        }

        using (var wal = connection.CreateCommand())
        {
            // WAL lets readers run beside the single writer; the setting persists in the file.
            wal.CommandText = "PRAGMA journal_mode=WAL;";
            wal.ExecuteNonQuery();
        }

        while (true)
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            version = ReadVersion(connection, transaction);
            ThrowIfNewer(version, database);
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

    private static void ThrowIfNewer(int version, SqliteDatabase database)
    {
        if (version > CurrentVersion)
        {
            throw SqliteFailure.NewerSchema(database, version, CurrentVersion);
        }
    }

    private static string? JournalMode(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        return command.ExecuteScalar() as string;
    }

    private static int ReadVersion(SqliteConnection connection, SqliteTransaction? transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
