namespace Credentials.Storage.Sqlite;

/// <summary>
/// The configuration section the SQLite settings were read from (<c>AddCredentials(IConfiguration)</c> of the package
/// Credentials reads <c>Sqlite</c> under its section), so start-up messages name its keys.
/// </summary>
internal sealed class SqliteConfigurationPath(string path)
{
    /// <summary>The full path of a key of the section, such as <c>Credentials:Sqlite:ConnectionString</c>.</summary>
    public string Of(string key) => path.Length == 0 ? key : path + ":" + key;
}
