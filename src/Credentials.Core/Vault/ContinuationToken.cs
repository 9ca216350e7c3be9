using System.Buffers.Text;
using System.Text;

namespace Credentials;

/// <summary>
/// The opaque page token: the last key of the page (and, in a listing of every owner, its owner), Base64url. Keyset paging
/// stays correct under concurrent writes.
/// </summary>
internal static class ContinuationToken
{
    public static string Encode(string lastKey, string? lastOwnerUserId) =>
        Base64Url.EncodeToString(UnicodeRules.StrictUtf8.GetBytes(lastOwnerUserId is null ? lastKey : lastKey + "\0" + lastOwnerUserId));

    public static bool TryDecode(string token, out Position position)
    {
        position = default;
        if (token.Length > 1024)
        {
            return false;
        }

        try
        {
            var text = UnicodeRules.StrictUtf8.GetString(Base64Url.DecodeFromChars(token));
            var separator = text.IndexOf('\0', StringComparison.Ordinal);
            var key = separator < 0 ? text : text[..separator];
            var owner = separator < 0 ? null : text[(separator + 1)..];
            if (!CredentialValidator.IsKey(key) || (owner is not null && !UserIds.IsValid(owner)))
            {
                return false;
            }

            position = new Position(key, owner);
            return true;
        }
        catch (Exception ex) when (ex is FormatException or DecoderFallbackException)
        {
            return false;
        }
    }

    /// <summary>Where a page ends: its last key and, in a listing of every owner, that row's owner.</summary>
    public readonly record struct Position(string? Key, string? OwnerUserId);
}
