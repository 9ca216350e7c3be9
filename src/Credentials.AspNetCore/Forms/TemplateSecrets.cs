using System.Globalization;
using System.Text.Json;

namespace Credentials.AspNetCore;

/// <summary>
/// Builds the typed secret of a template's type from posted text fields, with the template's pre-filled values where a
/// field is blank. <see cref="ICredentialForms"/> has no template overload yet, and creating through it would lose the
/// template id (and the template's hints); when Core gains one, this file goes. Parsing follows the forms API: the
/// same field names, the same messages; the vault applies every other rule.
/// </summary>
internal static class TemplateSecrets
{
    private const int MaxCustomJsonLength = 65_536;
    private const int MaxCustomJsonDepth = 32;

    /// <summary>The fields <see cref="Build"/> reads for a type; a test holds them equal to the schemas.</summary>
    public static IReadOnlyList<string> KnownFields(CredentialType type) => type switch
    {
        CredentialType.ApiToken => ["token"],
        CredentialType.KeyPair => ["api_key", "api_secret"],
        CredentialType.UsernamePassword => ["username", "password"],
        CredentialType.Smtp => ["host", "port", "username", "password", "encryption"],
        CredentialType.OAuth2 => ["client_id", "client_secret", "access_token", "refresh_token", "token_endpoint", "expires_at"],
        CredentialType.SshKey => ["private_key", "public_key", "passphrase"],
        CredentialType.Custom => ["value"],
        _ => [],
    };

    public static CredentialSecret Build(
        CredentialTemplate template,
        CredentialSchema schema,
        IReadOnlyDictionary<string, string?> fields,
        List<CredentialValidationError> errors)
    {
        var known = KnownFields(schema.Type);
        foreach (var name in fields.Keys)
        {
            if (schema.FindField(name) is null)
            {
                errors.Add(new(name, $"is not a field of type {schema.Type.ToWireName()}"));
            }
            else if (!known.Contains(name, StringComparer.Ordinal))
            {
                // A field the schema gained after this mapping was written: refuse it rather than drop its value.
                errors.Add(new(name, "cannot be set when creating from a template yet; create the credential without templateId"));
            }
        }

        string? Value(string name) =>
            fields.TryGetValue(name, out var posted) && !string.IsNullOrEmpty(posted) ? posted
            : template.Prefill.TryGetValue(name, out var prefilled) && schema.FindField(name) is { Secret: false } ? prefilled
            : null;
        string Text(string name) => Value(name) ?? string.Empty;

        return schema.Type switch
        {
            CredentialType.ApiToken => new ApiToken(Text("token")),
            CredentialType.KeyPair => new KeyPair(Text("api_key"), Text("api_secret")),
            CredentialType.UsernamePassword => new UsernamePassword(Text("username"), Text("password")),
            CredentialType.Smtp => new Smtp(Text("host"), Port(Value("port"), errors), Text("username"), Text("password"), Encryption(Value("encryption"), errors)),
            CredentialType.OAuth2 => new OAuth2(Text("client_id"), Text("client_secret"), Value("access_token"), Value("refresh_token"))
            {
                TokenEndpoint = Value("token_endpoint"),
                ExpiresAt = Time(Value("expires_at"), errors),
            },
            CredentialType.SshKey => new SshKey(Text("private_key"), Value("public_key"), Value("passphrase")),
            CredentialType.Custom => new Custom(Json(Value("value"), errors)),
            _ => throw new ArgumentOutOfRangeException(nameof(schema), "The credential type is not defined."),
        };
    }

    private static int Port(string? value, List<CredentialValidationError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return 0;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            return port;
        }

        errors.Add(new("port", "must be a whole number from 1 to 65535"));
        return -1;
    }

    private static SmtpEncryption Encryption(string? value, List<CredentialValidationError> errors)
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

    private static DateTimeOffset? Time(string? value, List<CredentialValidationError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var time))
        {
            return time;
        }

        errors.Add(new("expires_at", "must be a date and time in ISO 8601 format, such as 2030-01-31T12:00:00Z"));
        return null;
    }

    private static JsonElement Json(string? value, List<CredentialValidationError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            return default;
        }

        if (value.Length > MaxCustomJsonLength)
        {
            errors.Add(new("value", $"must be at most {MaxCustomJsonLength} characters of JSON"));
            return default;
        }

        try
        {
            using var document = JsonDocument.Parse(value, new JsonDocumentOptions { MaxDepth = MaxCustomJsonDepth });
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            // The parser's message quotes the input (a secret): say only the rule.
            errors.Add(new("value", $"must be valid JSON nested at most {MaxCustomJsonDepth} levels deep"));
            return default;
        }
    }
}
