using System.Globalization;
using System.Text.Json;

namespace Credentials;

/// <summary>
/// Reads a typed secret as field values in schema order, and builds one back from field values. This one mapping
/// drives edit forms, the field-map form API, blank-keeps merges and required-field checks.
/// </summary>
internal static class SecretFields
{
    public static string?[] Read(CredentialSecret secret) => secret switch
    {
        ApiToken s => [s.Token],
        KeyPair s => [s.ApiKey, s.ApiSecret],
        UsernamePassword s => [s.Username, s.Password],
        Smtp s => [s.Host, s.Port == 0 ? null : s.Port.ToString(CultureInfo.InvariantCulture), s.Username, s.Password, Enum.IsDefined(s.Encryption) ? s.Encryption.ToWireName() : null],
        OAuth2 s =>
        [
            // An undefined grant type reads as its number, which the parser refuses (blank would silently mean the default).
            s.ClientId, s.ClientSecret, Enum.IsDefined(s.GrantType) ? s.GrantType.ToWireName() : ((int)s.GrantType).ToString(CultureInfo.InvariantCulture), s.AuthorizationEndpoint, s.TokenEndpoint, s.Scopes,
            s.Issuer, s.Resource, s.AccessToken, s.RefreshToken, FormatTime(s.ExpiresAt),
        ],
        SshKey s => [s.PrivateKey, s.PublicKey, s.Passphrase],
        Custom s => [s.Value.ValueKind == JsonValueKind.Undefined ? null : s.Value.GetRawText()],
        _ => throw new ArgumentOutOfRangeException(nameof(secret), "Unknown credential secret type."),
    };

    /// <summary>Builds a secret from field values in schema order; unparsable values add an error and become blank.</summary>
    public static CredentialSecret Build(CredentialType type, string?[] values, List<CredentialValidationError> errors)
    {
        string V(int i) => values[i] ?? string.Empty;
        string? Optional(int i) => string.IsNullOrEmpty(values[i]) ? null : values[i];

        return type switch
        {
            CredentialType.ApiToken => new ApiToken(V(0)),
            CredentialType.KeyPair => new KeyPair(V(0), V(1)),
            CredentialType.UsernamePassword => new UsernamePassword(V(0), V(1)),
            CredentialType.Smtp => new Smtp(V(0), ParsePort(values[1], errors), V(2), V(3), ParseEncryption(values[4], errors)),
            CredentialType.OAuth2 => new OAuth2(V(0), V(1), Optional(8), Optional(9))
            {
                GrantType = ParseGrantType(values[2], errors),
                AuthorizationEndpoint = Optional(3),
                TokenEndpoint = Optional(4),
                Scopes = Optional(5),
                Issuer = Optional(6),
                Resource = Optional(7),
                ExpiresAt = ParseTime(values[10], "expires_at", errors),
            },
            CredentialType.SshKey => new SshKey(V(0), Optional(1), Optional(2)),
            CredentialType.Custom => new Custom(ParseJson(values[0], errors)),
            _ => throw new ArgumentOutOfRangeException(nameof(type), "The credential type is not defined."),
        };
    }

    /// <summary>
    /// The blank-keeps merge: a blank secret field takes the stored value; everything else is taken as given.
    /// </summary>
    public static string?[] Merge(CredentialSchema schema, string?[] stored, string?[] incoming)
    {
        var merged = new string?[incoming.Length];
        for (var i = 0; i < merged.Length; i++)
        {
            merged[i] = schema.Fields[i].Secret && string.IsNullOrEmpty(incoming[i]) ? stored[i] : incoming[i];
        }

        return merged;
    }

    /// <summary>
    /// A blank-keeps merge would keep a stored value that belongs to an old secret: the public key derived from an SSH
    /// private key that is being replaced. When the private key changes and the public key is posted back unchanged, it
    /// is dropped so the new one is derived.
    /// </summary>
    public static void DropStaleDerivedValues(CredentialType type, string?[] stored, string?[] merged)
    {
        const int PrivateKey = 0, PublicKey = 1;
        if (type == CredentialType.SshKey
            && !string.Equals(stored[PrivateKey], merged[PrivateKey], StringComparison.Ordinal)
            && string.Equals(stored[PublicKey], merged[PublicKey], StringComparison.Ordinal))
        {
            merged[PublicKey] = null;
        }
    }

    /// <summary>The form text of a time: ISO 8601 round-trip format, such as <c>2030-01-31T12:00:00.0000000+00:00</c>.</summary>
    public static string? FormatTime(DateTimeOffset? value) => value?.ToString("O", CultureInfo.InvariantCulture);

    private static DateTimeOffset? ParseTime(string? value, string field, List<CredentialValidationError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            return time;
        }

        errors.Add(new(field, "must be a date and time in ISO 8601 format, such as 2030-01-31T12:00:00Z"));
        return null;
    }

    private static int ParsePort(string? value, List<CredentialValidationError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return port;
        }

        errors.Add(new("port", $"must be a whole number from {CredentialValidator.MinPort} to {CredentialValidator.MaxPort}"));
        return -1;
    }

    private static SmtpEncryption ParseEncryption(string? value, List<CredentialValidationError> errors)
    {
        if (CredentialWireNames.TryParseSmtpEncryption(value, out var encryption))
        {
            return encryption;
        }

        errors.Add(new("encryption", string.IsNullOrEmpty(value)
            ? "is required"
            : "must be one of " + string.Join(", ", CredentialWireNames.SmtpEncryptions)));
        return (SmtpEncryption)(-1);
    }

    private static OAuth2GrantType ParseGrantType(string? value, List<CredentialValidationError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return OAuth2GrantType.AuthorizationCode;
        }

        if (CredentialWireNames.TryParseOAuth2GrantType(value, out var grantType))
        {
            return grantType;
        }

        errors.Add(new("grant_type", "must be one of " + string.Join(", ", CredentialWireNames.OAuth2GrantTypes)));
        return OAuth2GrantType.AuthorizationCode;
    }

    private static JsonElement ParseJson(string? value, List<CredentialValidationError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return default;
        }

        if (value.Length > CredentialValidator.MaxCustomJsonLength)
        {
            errors.Add(new("value", $"must be at most {CredentialValidator.MaxCustomJsonLength} characters of JSON"));
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(value, new JsonDocumentOptions { MaxDepth = CredentialValidator.MaxCustomJsonDepth });
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // The parser's message quotes the input: say only the rule.
            errors.Add(new("value", $"must be valid JSON nested at most {CredentialValidator.MaxCustomJsonDepth} levels deep"));
            return default;
        }
    }
}
