namespace Credentials.Storage.Postgres;

/// <summary>Settings of the PostgreSQL storage (<c>UsePostgres</c>). Validated when the host starts (or on first use without a host).</summary>
public sealed class PostgresStorageOptions
{
    /// <summary>The schema used when none is set.</summary>
    public const string DefaultSchema = "credentials";

    /// <summary>The longest schema name allowed (the change channel's name, <c>&lt;schema&gt;_changes</c>, must fit PostgreSQL's 63 bytes).</summary>
    public const int MaxSchemaLength = 50;

    /// <summary>
    /// An Npgsql connection string, such as <c>Host=db;Database=app;Username=app;Password=...</c>. The storage builds and
    /// owns an <c>NpgsqlDataSource</c> (a connection pool) from it.
    /// </summary>
    /// <value>Set by <c>UsePostgres(connectionString)</c>; must be set and parseable unless the host's data source is used.</value>
    public string? ConnectionString { get; set; }

    /// <summary>The PostgreSQL schema that holds the vault's tables; created and migrated by the storage.</summary>
    /// <value>Defaults to <c>credentials</c>. Lower-case letters, digits and '_', starting with a letter or '_', at most <see cref="MaxSchemaLength"/> characters.</value>
    public string Schema { get; set; } = DefaultSchema;

    /// <summary>
    /// Whether the storage keeps one connection that LISTENs for changes made by other instances, so that their key
    /// rotations and retirements reach this one within moments. Turn off only where LISTEN cannot work (a pooler in
    /// transaction mode such as PgBouncer's): instances then pick up another's new key when they first meet it.
    /// </summary>
    /// <value>Defaults to true.</value>
    public bool ListenForChanges { get; set; } = true;

    /// <summary>True when <c>UsePostgres()</c> was called without a connection string: the host's <c>NpgsqlDataSource</c> is used.</summary>
    internal bool UseDataSourceFromServices { get; set; }
}
