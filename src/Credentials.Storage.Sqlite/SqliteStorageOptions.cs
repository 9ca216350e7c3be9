namespace Credentials;

/// <summary>
/// Settings of the embedded SQLite storage (<c>UseSqlite</c>, and the default of <c>AddCredentials()</c> in the package
/// Credentials).
/// </summary>
public sealed class SqliteStorageOptions
{
    /// <summary>The database file used when no connection string is given.</summary>
    public const string DefaultFileName = "credentials.db";

    /// <summary>
    /// A Microsoft.Data.Sqlite connection string. A relative <c>Data Source</c> is under the host's content root (or the
    /// working directory).
    /// </summary>
    /// <value>Defaults to <c>Data Source=credentials.db</c>.</value>
    public string ConnectionString { get; set; } = "Data Source=" + DefaultFileName;
}
