using System.Net.Sockets;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Turns an <see cref="NpgsqlException"/> into a <see cref="CredentialStorageException"/> that says what happened to which
/// store and what to do, from the SQLSTATE (https://www.postgresql.org/docs/current/errcodes-appendix.html) of a server
/// error and from Npgsql's <see cref="NpgsqlException.IsTransient"/> for the rest. Messages name the host, port, database
/// and schema only: never the connection string, the user or the password, and never the server's message text or
/// detail (they may quote values).
/// </summary>
internal sealed class PostgresFailure
{
    private const string TryAgain = "Retry later; the call changed nothing unless the connection broke during its commit.";

    private readonly string _store;

    public PostgresFailure(NpgsqlDataSource dataSource, string schema)
    {
        // NpgsqlDataSource.ConnectionString leaves the password out; only host, port and database are read from it anyway.
        string where;
        try
        {
            var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            var database = string.IsNullOrEmpty(settings.Database) ? "the user's default database" : $"database '{settings.Database}'";
            where = $"{settings.Host}:{settings.Port}, {database}";
        }
        catch (ArgumentException)
        {
            where = "the configured server";
        }

        _store = $"The PostgreSQL credential store ({where}, schema '{schema}')";
    }

    /// <summary>What the messages call the store: host, port, database and schema.</summary>
    public string Store => _store;

    public CredentialStorageException Map(NpgsqlException exception)
    {
        var (message, transient) = exception is PostgresException server ? Server(server) : Client(exception);
        return new CredentialStorageException(message, transient, exception);
    }

    /// <summary>The store's schema is newer than this code; nothing was touched.</summary>
    public CredentialStorageException NewerSchema(int version, int current) => new(
        $"{_store} has schema version {version}, newer than this library understands ({current}). Upgrade the Credentials packages.",
        isTransient: false);

    private (string Message, bool Transient) Server(PostgresException error)
    {
        var state = error.SqlState;
        var code = $"SQLSTATE {state}";
        return state switch
        {
            "57P01" or "57P02" => ($"{_store}: the server ended the connection because it is shutting down or restarting, or an administrator terminated it ({code}). {TryAgain}", true),
            "57P03" => ($"{_store}: the server is starting up or shutting down and does not accept connections yet ({code}). {TryAgain}", true),
            "57014" => ($"{_store}: the server cancelled the statement (statement_timeout, or an administrator) ({code}). {TryAgain}", true),
            "40001" => ($"{_store}: the transaction lost a serialization check against a concurrent one ({code}). {TryAgain}", true),
            "40P01" => ($"{_store}: the transaction was chosen as the victim of a deadlock ({code}). {TryAgain}", true),
            "55P03" => ($"{_store}: a lock could not be taken in time (lock_timeout) ({code}). {TryAgain}", true),
            "53100" => ($"{_store}: the server's disk is full ({code}). Nothing was changed. Free space on the database server, then retry.", false),
            "28P01" or "28000" => (
                $"{_store}: the server refused the login ({code}: wrong user name or password, or pg_hba.conf does not allow it). " +
                "Check the credentials in the connection string (or the data source) and the server's authentication rules.",
                false),
            "3D000" => ($"{_store}: the database does not exist ({code}). Create it, or fix the database in the connection string.", false),
            "42501" => (
                $"{_store}: permission denied ({code}): the role lacks a privilege on the schema or its tables. Grant it " +
                "(the role must be able to use the schema, and to create it the first time).",
                false),
            "25006" => (
                $"{_store}: the server accepts only reads ({code}: a standby, or default_transaction_read_only). Nothing was changed. " +
                "Point the connection at the primary server.",
                false),
            "XX001" or "XX002" => ($"{_store}: the server found damaged data or a damaged index ({code}). Ask the database administrator to repair it.", false),
            _ when state.StartsWith("08", StringComparison.Ordinal) => ($"{_store}: the connection to the server failed ({code}). {TryAgain}", true),
            _ when state.StartsWith("53", StringComparison.Ordinal) => ($"{_store}: the server is short of resources (connections or memory) ({code}). {TryAgain}", true),
            _ => ($"{_store}: the server reported an error ({code}).", error.IsTransient),
        };
    }

    private (string Message, bool Transient) Client(NpgsqlException error)
    {
        var what = error.InnerException switch
        {
            SocketException { SocketErrorCode: SocketError.ConnectionRefused } => "the server refused the connection (nothing listens on that port)",
            SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData } => "the server's host name could not be resolved",
            SocketException socket => $"the network failed ({socket.SocketErrorCode})",
            TimeoutException => "the server did not answer in time",
            EndOfStreamException or IOException => "the connection to the server broke",
            _ => "the connection to the server failed",
        };

        return error.IsTransient
            ? ($"{_store} could not be reached: {what}. {TryAgain}", true)
            : ($"{_store} could not be used: {what}. Check the connection settings and the server.", false);
    }
}
