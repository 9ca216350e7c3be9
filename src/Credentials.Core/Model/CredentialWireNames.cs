using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace Credentials;

/// <summary>The wire names of types, categories, SMTP encryption and OAuth 2.0 grant types, as hosts put them in forms and URLs.</summary>
public static class CredentialWireNames
{
    private static readonly string[] TypeNames = ["api_token", "key_pair", "username_password", "smtp", "oauth2", "ssh_key", "custom"];
    private static readonly string[] CategoryNames = ["llm_provider", "mcp_service", "runtime", "communication", "custom"];
    private static readonly string[] EncryptionNames = ["none", "starttls", "ssl_tls"];
    private static readonly string[] GrantTypeNames = ["authorization_code", "client_credentials"];

    /// <summary>The wire names of every category, in declaration order.</summary>
    public static IReadOnlyList<string> Categories => CategoryNames;

    /// <summary>The wire names of every type, in declaration order.</summary>
    public static IReadOnlyList<string> Types => TypeNames;

    /// <summary>The wire names of every SMTP encryption mode, in declaration order.</summary>
    public static IReadOnlyList<string> SmtpEncryptions => EncryptionNames;

    /// <summary>The wire names of every OAuth 2.0 grant type, in declaration order.</summary>
    public static IReadOnlyList<string> OAuth2GrantTypes => GrantTypeNames;

    /// <summary>The wire name of a type, such as <c>api_token</c>.</summary>
    /// <param name="type">The type.</param>
    public static string ToWireName(this CredentialType type) => TypeNames[(int)CheckDefined(type)];

    /// <summary>The wire name of a category, such as <c>llm_provider</c>.</summary>
    /// <param name="category">The category.</param>
    public static string ToWireName(this CredentialCategory category) => CategoryNames[(int)CheckDefined(category)];

    /// <summary>The wire name of an SMTP encryption mode, such as <c>starttls</c>.</summary>
    /// <param name="encryption">The encryption mode.</param>
    public static string ToWireName(this SmtpEncryption encryption) => EncryptionNames[(int)CheckDefined(encryption)];

    /// <summary>The wire name of an OAuth 2.0 grant type, such as <c>authorization_code</c>.</summary>
    /// <param name="grantType">The grant type.</param>
    public static string ToWireName(this OAuth2GrantType grantType) => GrantTypeNames[(int)CheckDefined(grantType)];

    /// <summary>Parses a type wire name (exact, lower case).</summary>
    /// <param name="value">The wire name.</param>
    /// <param name="type">The type, when the name is known.</param>
    public static bool TryParseType(string? value, out CredentialType type) => TryParse(TypeNames, value, out type);

    /// <summary>Parses a category wire name (exact, lower case).</summary>
    /// <param name="value">The wire name.</param>
    /// <param name="category">The category, when the name is known.</param>
    public static bool TryParseCategory(string? value, out CredentialCategory category) => TryParse(CategoryNames, value, out category);

    /// <summary>Parses an SMTP encryption wire name (exact, lower case).</summary>
    /// <param name="value">The wire name.</param>
    /// <param name="encryption">The mode, when the name is known.</param>
    public static bool TryParseSmtpEncryption(string? value, out SmtpEncryption encryption) => TryParse(EncryptionNames, value, out encryption);

    /// <summary>Parses an OAuth 2.0 grant type wire name (exact, lower case).</summary>
    /// <param name="value">The wire name.</param>
    /// <param name="grantType">The grant type, when the name is known.</param>
    public static bool TryParseOAuth2GrantType(string? value, out OAuth2GrantType grantType) => TryParse(GrantTypeNames, value, out grantType);

    private static bool TryParse<TEnum>(string[] names, string? value, out TEnum result)
        where TEnum : struct, Enum
    {
        var index = value is null ? -1 : Array.IndexOf(names, value);
        // BitCast, not (TEnum)(object)index: listing cards parses two names per row and must not box them.
        result = index < 0 ? default : Unsafe.BitCast<int, TEnum>(index);
        return index >= 0;
    }

    private static TEnum CheckDefined<TEnum>(TEnum value)
        where TEnum : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            ThrowUndefined(typeof(TEnum).Name);
        }

        return value;
    }

    [DoesNotReturn]
    private static void ThrowUndefined(string name) =>
        throw new ArgumentOutOfRangeException(nameof(name), $"The value is not a defined {name}.");
}
