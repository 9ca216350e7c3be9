using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Creates and migrates the schema. A store already at the current version is recognized with two reads, no lock and
/// no DDL privilege. Otherwise all pending steps run in one transaction that first takes a transaction-scoped advisory
/// lock for this schema and re-reads <c>schema_version</c> under it, so instances that start together apply each step
/// exactly once and never see a half-built schema (PostgreSQL's DDL is transactional).
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The schema version this code writes.</summary>
    public static int CurrentVersion => 6;

    public static async Task ApplyAsync(NpgsqlDataSource dataSource, PostgresStatements sql, PostgresFailure failure, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var version = await ReadVersionAsync(connection, null, sql, cancellationToken).ConfigureAwait(false);
        if (version == CurrentVersion)
        {
            return;
        }

        ThrowIfNewer(version, failure);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock($1)", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = LockKey(sql.Schema) });
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using (var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)", connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = sql.Schema });
            if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                await ExecuteAsync(connection, transaction, $"CREATE SCHEMA {sql.QuotedSchema}", cancellationToken).ConfigureAwait(false);
            }
        }

        await ExecuteAsync(
            connection,
            transaction,
            $"CREATE TABLE IF NOT EXISTS {sql.QuotedSchema}.schema_version (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
            cancellationToken).ConfigureAwait(false);

        // Under the lock: another instance may have migrated while this one waited.
        version = await ReadVersionAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
        ThrowIfNewer(version, failure);
        var steps = Migrations(sql);
        for (var step = version; step < CurrentVersion; step++)
        {
            await ExecuteAsync(connection, transaction, steps[step], cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(
                connection,
                transaction,
                $"INSERT INTO {sql.QuotedSchema}.schema_version (version) VALUES ({(step + 1).ToString(CultureInfo.InvariantCulture)})",
                cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The migration steps; step N (0-based) takes the schema from version N to N + 1.</summary>
    /// <remarks>Append new steps; never edit a shipped one: stores in the field are at every version in between.</remarks>
    internal static string[] Migrations(PostgresStatements sql)
    {
        var s = sql.QuotedSchema;
        var channel = sql.Channel;
        return
        [
            // Text columns compared or ordered use the "C" collation: ordinal (byte) order and equality whatever the
            // database's default collation, the same answers as SQLite and the in-memory storage.
            $$"""
            CREATE TABLE {{s}}.credentials (
                org_id          text COLLATE "C" NOT NULL,
                key             text COLLATE "C" NOT NULL,
                id              uuid        NOT NULL,
                name            text        NOT NULL,
                category        text COLLATE "C" NOT NULL,
                type            text COLLATE "C" NOT NULL,
                masked_summary  text        NOT NULL,
                template_id     text        NULL,
                search_text     text COLLATE "C" NOT NULL,
                created_at      timestamptz NOT NULL,
                updated_at      timestamptz NOT NULL,
                version         bigint      NOT NULL,
                key_id          text COLLATE "C" NOT NULL,
                sealed          bytea       NOT NULL,
                CONSTRAINT pk_credentials PRIMARY KEY (org_id, key),
                CONSTRAINT ux_credentials_org_id UNIQUE (org_id, id)
            );
            -- Sealed envelopes are random bytes: never try to compress them.
            ALTER TABLE {{s}}.credentials ALTER COLUMN sealed SET STORAGE EXTERNAL;
            CREATE INDEX ix_credentials_key_id ON {{s}}.credentials (key_id, org_id, key);
            CREATE TABLE {{s}}.settings (
                name   text COLLATE "C" PRIMARY KEY,
                value  bytea NOT NULL
            );

            -- Change notifications for the other instances (LISTEN "{{channel}}"). A hint, never data: names and ids only.
            CREATE FUNCTION {{s}}.notify_change(kind text, org text, name text) RETURNS void LANGUAGE plpgsql AS $fn$
            DECLARE
                payload text := json_build_object('kind', kind, 'org', org, 'name', name)::text;
            BEGIN
                IF octet_length(payload) > 7900 THEN
                    payload := json_build_object('kind', 'reset')::text;
                END IF;
                PERFORM pg_notify('{{channel}}', payload);
            END
            $fn$;
            CREATE FUNCTION {{s}}.notify_credential_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                -- A rewrap moves the data key under another key-encryption key: same version, same content, no notice.
                IF TG_OP = 'UPDATE' AND OLD.version = NEW.version AND OLD.key = NEW.key THEN
                    RETURN NULL;
                END IF;
                IF TG_OP <> 'INSERT' THEN
                    PERFORM {{s}}.notify_change('credential', OLD.org_id, OLD.key);
                END IF;
                IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.key <> OLD.key) THEN
                    PERFORM {{s}}.notify_change('credential', NEW.org_id, NEW.key);
                END IF;
                RETURN NULL;
            END
            $fn$;
            CREATE TRIGGER credentials_notify AFTER INSERT OR UPDATE OR DELETE ON {{s}}.credentials
                FOR EACH ROW EXECUTE FUNCTION {{s}}.notify_credential_change();
            CREATE FUNCTION {{s}}.notify_setting_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                PERFORM {{s}}.notify_change('setting', NULL, CASE WHEN TG_OP = 'DELETE' THEN OLD.name ELSE NEW.name END);
                RETURN NULL;
            END
            $fn$;
            CREATE TRIGGER settings_notify AFTER INSERT OR UPDATE OR DELETE ON {{s}}.settings
                FOR EACH ROW EXECUTE FUNCTION {{s}}.notify_setting_change();
            """,

            // Assignments (which consumers use a credential) and soft-deleted credentials. A deleted credential moves to
            // its own table, which frees its key; its assignments stay until it is restored or purged. (Moving a row out
            // of credentials and back fires that table's trigger: other instances hear of a soft delete and a restore.)
            $$"""
            CREATE TABLE {{s}}.credential_assignments (
                org_id         text COLLATE "C" NOT NULL,
                credential_id  uuid NOT NULL,
                consumer_kind  text COLLATE "C" NOT NULL,
                consumer_id    text COLLATE "C" NOT NULL,
                display_name   text NULL,
                CONSTRAINT pk_credential_assignments PRIMARY KEY (org_id, credential_id, consumer_kind, consumer_id)
            );
            CREATE INDEX ix_credential_assignments_consumer ON {{s}}.credential_assignments (org_id, consumer_kind, consumer_id);
            CREATE TABLE {{s}}.deleted_credentials (
                org_id          text COLLATE "C" NOT NULL,
                key             text COLLATE "C" NOT NULL,
                id              uuid        NOT NULL,
                name            text        NOT NULL,
                category        text COLLATE "C" NOT NULL,
                type            text COLLATE "C" NOT NULL,
                masked_summary  text        NOT NULL,
                template_id     text        NULL,
                search_text     text COLLATE "C" NOT NULL,
                created_at      timestamptz NOT NULL,
                updated_at      timestamptz NOT NULL,
                version         bigint      NOT NULL,
                key_id          text COLLATE "C" NOT NULL,
                sealed          bytea       NOT NULL,
                deleted_at      timestamptz NOT NULL,
                CONSTRAINT pk_deleted_credentials PRIMARY KEY (org_id, id)
            );
            ALTER TABLE {{s}}.deleted_credentials ALTER COLUMN sealed SET STORAGE EXTERNAL;
            CREATE INDEX ix_deleted_credentials_org_key ON {{s}}.deleted_credentials (org_id, key);
            CREATE INDEX ix_deleted_credentials_deleted_at ON {{s}}.deleted_credentials (deleted_at);
            CREATE INDEX ix_deleted_credentials_key_id ON {{s}}.deleted_credentials (key_id);
            """,

            // Personal credentials: a key is unique per (organization, owner); the owner is '' for the organization's
            // shared credentials, so every existing row stays shared. The primary key leads with (org_id, owner_user_id)
            // so a resolve is still one index probe; change notices name the owner so caches drop only that entry.
            $$"""
            ALTER TABLE {{s}}.credentials ADD COLUMN owner_user_id text COLLATE "C" NOT NULL DEFAULT '';
            ALTER TABLE {{s}}.credentials DROP CONSTRAINT pk_credentials;
            ALTER TABLE {{s}}.credentials ADD CONSTRAINT pk_credentials PRIMARY KEY (org_id, owner_user_id, key);
            DROP INDEX {{s}}.ix_credentials_key_id;
            CREATE INDEX ix_credentials_key_id ON {{s}}.credentials (key_id, org_id, owner_user_id, key);
            ALTER TABLE {{s}}.deleted_credentials ADD COLUMN owner_user_id text COLLATE "C" NOT NULL DEFAULT '';
            CREATE FUNCTION {{s}}.notify_owned_change(kind text, org text, owner text, name text) RETURNS void LANGUAGE plpgsql AS $fn$
            DECLARE
                payload text := json_build_object('kind', kind, 'org', org, 'owner', owner, 'name', name)::text;
            BEGIN
                IF octet_length(payload) > 7900 THEN
                    payload := json_build_object('kind', 'reset')::text;
                END IF;
                PERFORM pg_notify('{{channel}}', payload);
            END
            $fn$;
            CREATE OR REPLACE FUNCTION {{s}}.notify_credential_change() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                -- A rewrap moves the data key under another key-encryption key: same version, same content, no notice.
                IF TG_OP = 'UPDATE' AND OLD.version = NEW.version AND OLD.key = NEW.key THEN
                    RETURN NULL;
                END IF;
                IF TG_OP <> 'INSERT' THEN
                    PERFORM {{s}}.notify_owned_change('credential', OLD.org_id, OLD.owner_user_id, OLD.key);
                END IF;
                IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW.key <> OLD.key) THEN
                    PERFORM {{s}}.notify_owned_change('credential', NEW.org_id, NEW.owner_user_id, NEW.key);
                END IF;
                RETURN NULL;
            END
            $fn$;
            """,

            // Retired key ids: the fence that every write of a key id checks under the key's advisory lock (PostgresFence).
            // Retirements recorded before it (settings 'key-retired/<id>') are copied in; their time is not (NULL). A new
            // retirement is announced like the setting it replaces, so instances that listen reload their retired keys.
            $$"""
            CREATE TABLE {{s}}.retired_keys (
                key_id      text COLLATE "C" PRIMARY KEY,
                retired_at  timestamptz NULL
            );
            INSERT INTO {{s}}.retired_keys (key_id, retired_at)
                SELECT substr(name, 13), NULL FROM {{s}}.settings WHERE starts_with(name, 'key-retired/') ON CONFLICT DO NOTHING;
            CREATE FUNCTION {{s}}.notify_key_retired() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                PERFORM {{s}}.notify_change('setting', NULL, 'key-retired/' || NEW.key_id);
                RETURN NULL;
            END
            $fn$;
            CREATE TRIGGER retired_keys_notify AFTER INSERT ON {{s}}.retired_keys
                FOR EACH ROW EXECUTE FUNCTION {{s}}.notify_key_retired();
            """,

            // OAuth 2.0: flows in progress (keyed by a hash of the state, taken once), refresh leases (one refresher per
            // credential across instances, compare-and-swap on expiry) and connection states (needs reconnect).
            $$"""
            CREATE TABLE {{s}}.oauth_flows (
                state_hash     text COLLATE "C" NOT NULL,
                org_id         text COLLATE "C" NOT NULL,
                user_id        text COLLATE "C" NULL,
                credential_id  uuid        NOT NULL,
                created_at     timestamptz NOT NULL,
                expires_at     timestamptz NOT NULL,
                key_id         text COLLATE "C" NOT NULL,
                sealed         bytea       NOT NULL,
                CONSTRAINT pk_oauth_flows PRIMARY KEY (state_hash)
            );
            CREATE INDEX ix_oauth_flows_expires_at ON {{s}}.oauth_flows (expires_at);
            CREATE TABLE {{s}}.oauth_leases (
                org_id         text COLLATE "C" NOT NULL,
                credential_id  uuid        NOT NULL,
                holder         text COLLATE "C" NOT NULL,
                expires_at     timestamptz NOT NULL,
                CONSTRAINT pk_oauth_leases PRIMARY KEY (org_id, credential_id)
            );
            CREATE TABLE {{s}}.oauth_connections (
                org_id              text COLLATE "C" NOT NULL,
                credential_id       uuid        NOT NULL,
                state               text COLLATE "C" NOT NULL,
                credential_version  bigint      NOT NULL,
                updated_at          timestamptz NOT NULL,
                CONSTRAINT pk_oauth_connections PRIMARY KEY (org_id, credential_id)
            );
            """,

            // Operations: an optional expiry on any credential and its last-used time (both non-secret, both kept by the
            // recycle bin so a recovery brings them back; moving last_used_at changes neither version nor key, so the change
            // trigger stays silent), and the audit trail: one chain per organization ('' for store-wide events), numbered
            // without gaps, each record MACed over the previous one; audit_heads keeps each chain's last sequence and MAC and
            // is the row every append locks (FOR UPDATE) in the transaction of its change.
            $$"""
            ALTER TABLE {{s}}.credentials ADD COLUMN expires_at timestamptz NULL, ADD COLUMN last_used_at timestamptz NULL;
            ALTER TABLE {{s}}.deleted_credentials ADD COLUMN expires_at timestamptz NULL, ADD COLUMN last_used_at timestamptz NULL;
            CREATE INDEX ix_credentials_expires_at ON {{s}}.credentials (expires_at, org_id, id) WHERE expires_at IS NOT NULL;
            CREATE INDEX ix_oauth_connections_state ON {{s}}.oauth_connections (state, org_id, credential_id);
            CREATE TABLE {{s}}.audit_log (
                org_id          text COLLATE "C" NOT NULL,
                sequence        bigint      NOT NULL,
                at              timestamptz NOT NULL,
                action          text COLLATE "C" NOT NULL,
                actor_user_id   text COLLATE "C" NULL,
                credential_id   uuid        NULL,
                credential_key  text COLLATE "C" NULL,
                owner_user_id   text COLLATE "C" NULL,
                details         text        NOT NULL,
                mac             bytea       NOT NULL,
                CONSTRAINT pk_audit_log PRIMARY KEY (org_id, sequence)
            );
            CREATE INDEX ix_audit_log_credential ON {{s}}.audit_log (org_id, credential_id, sequence);
            CREATE TABLE {{s}}.audit_heads (
                org_id    text COLLATE "C" NOT NULL,
                sequence  bigint NOT NULL,
                mac       bytea  NOT NULL,
                CONSTRAINT pk_audit_heads PRIMARY KEY (org_id)
            );
            """,
        ];
    }

    /// <summary>A 64-bit advisory lock key of this provider and schema, the same in every process.</summary>
    internal static long LockKey(string schema) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes("Credentials.Storage.Postgres/schema/" + schema)));

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, PostgresStatements sql, CancellationToken cancellationToken)
    {
        await using (var exists = new NpgsqlCommand("SELECT to_regclass($1) IS NOT NULL", connection, transaction))
        {
            exists.Parameters.Add(new NpgsqlParameter { Value = sql.QuotedSchema + ".schema_version" });
            if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not true)
            {
                return 0;
            }
        }

        await using var command = new NpgsqlCommand($"SELECT coalesce(max(version), 0) FROM {sql.QuotedSchema}.schema_version", connection, transaction);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static void ThrowIfNewer(int version, PostgresFailure failure)
    {
        if (version > CurrentVersion)
        {
            throw failure.NewerSchema(version, CurrentVersion);
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
