using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Credentials;

/// <summary>
/// Text the vault stores or binds must be well-formed UTF-16: a lone surrogate has no UTF-8 form, and the usual encoders
/// turn it into U+FFFD, so <c>tenant-\uD800</c> and <c>tenant-\uDBFF</c> would become the same bytes and read each
/// other's rows. Ill-formed text is refused at the edge, and every encoder in the vault throws instead of replacing.
/// </summary>
internal static class UnicodeRules
{
    public const string IllFormedRule = "must be well-formed Unicode (it contains an unpaired surrogate)";

    /// <summary>UTF-8 that throws on ill-formed input instead of writing U+FFFD, so two different strings never encode alike.</summary>
    public static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>True when every surrogate is part of a pair.</summary>
    public static bool IsWellFormed(ReadOnlySpan<char> value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The identifier rule (organization and user ids): well-formed, and no control, format, line or paragraph separator
    /// characters (C0, DEL, C1 such as U+0085, U+2028, U+2029, bidirectional overrides such as U+202E), which forge or
    /// reorder log lines. Zero-width joiner and non-joiner stay allowed: scripts and emoji sequences need them.
    /// </summary>
    public static bool IsSafeIdentifier(string value)
    {
        if (!IsWellFormed(value))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is '\u200c' or '\u200d')
            {
                continue;
            }

            switch (char.GetUnicodeCategory(c))
            {
                case UnicodeCategory.Control:
                case UnicodeCategory.Format:
                case UnicodeCategory.LineSeparator:
                case UnicodeCategory.ParagraphSeparator:
                    return false;
            }
        }

        return true;
    }

    /// <summary>True when the text has a line or paragraph separator (U+2028, U+2029), which split log lines like a line feed.</summary>
    public static bool HasUnicodeLineBreak(string value) => value.AsSpan().IndexOfAny('\u2028', '\u2029') >= 0;

    /// <summary>
    /// True when every string and property name in a JSON value decodes to well-formed text. JSON text may escape a
    /// lone surrogate (<c>"\ud800"</c>), which parses but has no Unicode meaning.
    /// </summary>
    public static bool IsWellFormed(JsonElement element)
    {
        try
        {
            return Walk(element, depth: 0);
        }
        catch (InvalidOperationException)
        {
            // GetString refuses escaped lone surrogates; the message is not passed on (it may quote the value).
            return false;
        }
    }

    private static bool Walk(JsonElement element, int depth)
    {
        if (depth > CredentialValidator.MaxCustomJsonDepth)
        {
            return true; // The depth rule reports it.
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    if (!IsWellFormed(property.Name) || !Walk(property.Value, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (!Walk(item, depth + 1))
                    {
                        return false;
                    }
                }

                return true;
            case JsonValueKind.String:
                return IsWellFormed(element.GetString());
            default:
                return true;
        }
    }
}
