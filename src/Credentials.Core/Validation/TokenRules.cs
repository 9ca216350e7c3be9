using System.Collections.Frozen;

namespace Credentials;

/// <summary>
/// Rules for token-like fields (API tokens, key ids and secrets, OAuth client ids, secrets and tokens): no whitespace at
/// either end and no line break anywhere, which almost always come from copy-paste and make the service refuse the token.
/// </summary>
internal static class TokenRules
{
    /// <summary>The longest token accepted; large JWT access tokens stay well under it.</summary>
    public const int MaxTokenLength = 16_384;

    public const string WhitespaceRule = "has leading or trailing whitespace or a line break; this usually comes from copy-paste";

    /// <summary>The wire names of the token-like fields.</summary>
    public static readonly FrozenSet<string> Fields = FrozenSet.Create(
        StringComparer.Ordinal, "token", "api_key", "api_secret", "client_id", "client_secret", "access_token", "refresh_token");

    public static void Check(string field, string value, List<CredentialValidationError> errors)
    {
        if (value.Length > MaxTokenLength)
        {
            CredentialValidator.AddError(errors, field, $"must be at most {MaxTokenLength} characters");
        }
        else if (HasEdgeWhitespaceOrLineBreak(value))
        {
            CredentialValidator.AddError(errors, field, WhitespaceRule);
        }
    }

    /// <summary>True when the value starts or ends with whitespace, or contains a line break anywhere.</summary>
    public static bool HasEdgeWhitespaceOrLineBreak(string value) =>
        value.Length > 0 && (char.IsWhiteSpace(value[0]) || char.IsWhiteSpace(value[^1]) || HasLineBreak(value));

    /// <summary>Line feed, carriage return, vertical tab, form feed, next line, line and paragraph separators.</summary>
    public static bool HasLineBreak(string value) =>
        value.AsSpan().IndexOfAny("\n\r\v\f\u0085\u2028\u2029") >= 0;
}
