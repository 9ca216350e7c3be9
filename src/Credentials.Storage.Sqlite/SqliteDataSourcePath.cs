using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Where a connection string's database lives, read the way SQLite and Microsoft.Data.Sqlite read it: a plain path
/// (relative to the working directory, or under <c>|DataDirectory|</c>), a <c>file:</c> URI with its query
/// (<c>mode</c>, <c>immutable</c>), <c>:memory:</c>, <c>Mode=Memory</c>, or an empty data source (a temporary file).
/// </summary>
internal sealed class SqliteDataSourcePath
{
    private const string DataDirectoryMacro = "|DataDirectory|";

    private SqliteDataSourcePath(string? filePath, bool isUri, bool canCreate, bool isReadOnly, bool isImmutable)
    {
        FilePath = filePath;
        IsUri = isUri;
        CanCreate = canCreate;
        IsReadOnly = isReadOnly;
        IsImmutable = isImmutable;
    }

    /// <summary>The database file's full path; null for an in-memory or temporary database.</summary>
    public string? FilePath { get; }

    /// <summary>Whether the data source is a <c>file:</c> URI.</summary>
    public bool IsUri { get; }

    /// <summary>Whether opening may create the file (<c>Mode=ReadWriteCreate</c>, and no <c>mode=ro</c>/<c>mode=rw</c> in a URI).</summary>
    public bool CanCreate { get; }

    /// <summary>Whether the connection string opens the database read-only (<c>Mode=ReadOnly</c> or <c>mode=ro</c>).</summary>
    public bool IsReadOnly { get; }

    /// <summary>Whether the URI already says <c>immutable=1</c>.</summary>
    public bool IsImmutable { get; }

    public static SqliteDataSourcePath Parse(SqliteConnectionStringBuilder builder)
    {
        var dataSource = builder.DataSource;
        var readOnly = builder.Mode == SqliteOpenMode.ReadOnly;
        var create = builder.Mode == SqliteOpenMode.ReadWriteCreate;
        if (builder.Mode == SqliteOpenMode.Memory || dataSource is "" or ":memory:")
        {
            return new(null, isUri: false, canCreate: false, readOnly, isImmutable: false);
        }

        if (!dataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (dataSource.StartsWith(DataDirectoryMacro, StringComparison.OrdinalIgnoreCase))
            {
                // As Microsoft.Data.Sqlite resolves it.
                var directory = AppDomain.CurrentDomain.GetData("DataDirectory") as string;
                dataSource = Path.Combine(string.IsNullOrEmpty(directory) ? AppContext.BaseDirectory : directory, dataSource[DataDirectoryMacro.Length..]);
            }

            return new(Path.GetFullPath(dataSource), isUri: false, create, readOnly, isImmutable: false);
        }

        // file:path?query#fragment, or file://[localhost]/path?query (https://sqlite.org/uri.html).
        var rest = dataSource["file:".Length..];
        var hash = rest.IndexOf('#', StringComparison.Ordinal);
        if (hash >= 0)
        {
            rest = rest[..hash];
        }

        var question = rest.IndexOf('?', StringComparison.Ordinal);
        var query = question >= 0 ? rest[(question + 1)..] : "";
        var path = question >= 0 ? rest[..question] : rest;
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = path.IndexOf('/', 2);
            path = slash >= 0 ? path[slash..] : "";
        }

        path = Uri.UnescapeDataString(path);
        var immutable = false;
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var name = Uri.UnescapeDataString(equals >= 0 ? pair[..equals] : pair);
            var value = equals >= 0 ? Uri.UnescapeDataString(pair[(equals + 1)..]) : "";
            if (name.Equals("mode", StringComparison.OrdinalIgnoreCase))
            {
                if (value.Equals("memory", StringComparison.OrdinalIgnoreCase))
                {
                    return new(null, isUri: true, canCreate: false, readOnly, isImmutable: false);
                }

                readOnly |= value.Equals("ro", StringComparison.OrdinalIgnoreCase);
                create &= value.Equals("rwc", StringComparison.OrdinalIgnoreCase);
            }
            else if (name.Equals("immutable", StringComparison.OrdinalIgnoreCase))
            {
                immutable = value is "1" || value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("yes", StringComparison.OrdinalIgnoreCase) || value.Equals("on", StringComparison.OrdinalIgnoreCase);
            }
        }

        return path is "" or ":memory:"
            ? new(null, isUri: true, canCreate: false, readOnly, isImmutable: false)
            : new(Path.GetFullPath(path), isUri: true, create, readOnly, immutable);
    }

    /// <summary>
    /// The data source that reads the same file with SQLite's <c>immutable=1</c>: no lock, no <c>-wal</c> or <c>-shm</c> file.
    /// </summary>
    public string ImmutableDataSource(string dataSource)
    {
        if (IsUri)
        {
            var hash = dataSource.IndexOf('#', StringComparison.Ordinal);
            var uri = hash >= 0 ? dataSource[..hash] : dataSource;
            return uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "immutable=1";
        }

        // In a URI path '%', '?' and '#' are special; everything else (including '/') may stay as it is.
        var escaped = FilePath!.Replace("%", "%25", StringComparison.Ordinal).Replace("?", "%3f", StringComparison.Ordinal).Replace("#", "%23", StringComparison.Ordinal);
        return "file:" + (escaped.StartsWith('/') ? escaped : "/" + escaped.Replace('\\', '/')) + "?immutable=1";
    }
}
