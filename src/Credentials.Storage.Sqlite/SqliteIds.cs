using System.Buffers.Text;

namespace Credentials.Storage.Sqlite;

/// <summary>
/// Credential ids are stored as 32 hexadecimal digits. One that does not parse was edited or damaged in the file: that
/// credential fails its integrity check (never a raw parser exception), and the error names its key, never a value.
/// </summary>
internal static class SqliteIds
{
    public static Guid Parse(ReadOnlySpan<byte> utf8, string key) =>
        Utf8Parser.TryParse(utf8, out Guid id, out var consumed, 'N') && consumed == utf8.Length ? id : throw Damaged(key);

    public static Guid Parse(string text, string key) =>
        Guid.TryParseExact(text, "N", out var id) ? id : throw Damaged(key);

    private static CredentialIntegrityException Damaged(string key) =>
        new($"The stored id of credential '{key}' is not a 32-digit hexadecimal GUID: the row was edited or damaged in the SQLite file.");
}
