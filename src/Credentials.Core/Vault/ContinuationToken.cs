using System.Buffers.Text;
using System.Text;

namespace Credentials;

/// <summary>The opaque page token: the last key of the page, Base64url. Keyset paging stays correct under concurrent writes.</summary>
internal static class ContinuationToken
{
    public static string Encode(string lastKey) => Base64Url.EncodeToString(Encoding.ASCII.GetBytes(lastKey));

    public static bool TryDecode(string token, out string lastKey)
    {
        lastKey = string.Empty;
        if (token.Length > 256)
        {
            return false;
        }

        try
        {
            var key = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token));
            if (!CredentialValidator.IsKey(key))
            {
                return false;
            }

            lastKey = key;
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
