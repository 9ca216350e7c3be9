namespace Credentials.Storage.Postgres;

/// <summary>The configuration section <c>UsePostgres(IConfiguration)</c> read, so start-up messages name its keys.</summary>
internal sealed class PostgresConfigurationPath(string path)
{
    /// <summary>The full path of a key of the section, such as <c>Credentials:Postgres:ConnectionString</c>.</summary>
    public string Of(string key) => path.Length == 0 ? key : path + ":" + key;
}
