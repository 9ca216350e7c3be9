namespace Credentials;

/// <summary>The rules every credential obeys before anything is written. Messages state the rule, never the value.</summary>
internal static class CredentialValidator
{
    public const int MaxNameLength = 200;
    public const int MaxKeyLength = 128;
    public const int MaxFieldLength = 65_536;
    public const int MaxCustomJsonLength = 65_536;
    public const int MaxCustomJsonDepth = 32;
    public const int MinPort = 1;
    public const int MaxPort = 65_535;

    /// <summary>The earliest expiry accepted: anything before is a default value or a mistake, not an expiry.</summary>
    public static readonly DateTimeOffset MinExpiresAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static void ValidateExpiresAt(DateTimeOffset? expiresAt, List<CredentialValidationError> errors)
    {
        if (expiresAt is { } value && value < MinExpiresAt)
        {
            errors.Add(new("expires_at", "must be a time after 2000-01-01"));
        }
    }

    public static void ValidateName(string? name, List<CredentialValidationError> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            Add(errors, "name", "is required");
        }
        else if (name.Length > MaxNameLength)
        {
            Add(errors, "name", $"must be at most {MaxNameLength} characters");
        }
        else if (!UnicodeRules.IsWellFormed(name))
        {
            Add(errors, "name", UnicodeRules.IllFormedRule);
        }
        else if (HasControlCharacters(name) || UnicodeRules.HasUnicodeLineBreak(name))
        {
            Add(errors, "name", "must not contain control characters or line breaks");
        }
    }

    public static void ValidateKey(string? key, List<CredentialValidationError> errors)
    {
        if (string.IsNullOrEmpty(key))
        {
            Add(errors, "key", "is required");
        }
        else if (key.Length > MaxKeyLength)
        {
            Add(errors, "key", $"must be at most {MaxKeyLength} characters");
        }
        else if (!IsKey(key))
        {
            Add(errors, "key", "must start with an upper-case letter A-Z and contain only A-Z, 0-9 and _ (for example OPENAI_API_KEY)");
        }
    }

    /// <summary>The key rule: <c>[A-Z][A-Z0-9_]*</c>, at most <see cref="MaxKeyLength"/> characters.</summary>
    public static bool IsKey(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length > MaxKeyLength || key[0] is < 'A' or > 'Z')
        {
            return false;
        }

        foreach (var c in key)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_'))
            {
                return false;
            }
        }

        return true;
    }

    public static void ValidateCategory(CredentialCategory category, List<CredentialValidationError> errors)
    {
        if (!Enum.IsDefined(category))
        {
            Add(errors, "category", "must be one of " + string.Join(", ", CredentialWireNames.Categories));
        }
    }

    /// <summary>
    /// Checks a secret against its type's rules. Returns the secret to store (an SSH key gets its derived public key);
    /// broken rules go to <paramref name="errors"/> and block the save, unusual values go to <paramref name="warnings"/>.
    /// </summary>
    public static CredentialSecret? ValidateSecret(
        CredentialSecret? secret,
        List<CredentialValidationError> errors,
        List<CredentialValidationWarning> warnings,
        DateTimeOffset now)
    {
        if (secret is null)
        {
            Add(errors, "secret", "is required");
            return null;
        }

        var schema = CredentialSchemas.Instance.Get(secret.Type);
        var values = SecretFields.Read(secret);
        for (var i = 0; i < values.Length; i++)
        {
            var field = schema.Fields[i];
            var value = values[i];
            if (string.IsNullOrEmpty(value))
            {
                if (secret is Smtp { Encryption: var encryption } && field.Name == "encryption" && !Enum.IsDefined(encryption))
                {
                    // An undefined enum value reads as blank; say what is allowed rather than "is required".
                    Add(errors, field.Name, "must be one of " + string.Join(", ", CredentialWireNames.SmtpEncryptions));
                }
                else if (field.Required)
                {
                    Add(errors, field.Name, "is required");
                }
            }
            else if (value.Length > MaxFieldLength)
            {
                Add(errors, field.Name, $"must be at most {MaxFieldLength} characters");
            }
            else if (!UnicodeRules.IsWellFormed(value))
            {
                // Stored as UTF-8, a lone surrogate would silently come back as U+FFFD: a different secret.
                Add(errors, field.Name, UnicodeRules.IllFormedRule);
            }
            else if (TokenRules.Fields.Contains(field.Name))
            {
                TokenRules.Check(field.Name, value, errors);
            }
        }

        switch (secret)
        {
            case UsernamePassword basic when !string.IsNullOrEmpty(basic.Username) && HasControlCharacters(basic.Username):
                Add(errors, "username", "must not contain control characters or line breaks");
                break;
            case Smtp smtp:
                SmtpRules.Check(smtp, errors, warnings);
                break;
            case OAuth2 oauth:
                OAuth2Rules.Check(oauth, now, errors, warnings);
                break;
            case SshKey ssh:
                return SshKeyRules.Validate(ssh, errors, warnings);
            case Custom custom:
                CustomJsonRules.Check(custom.Value, errors);
                if (custom.Value.ValueKind != System.Text.Json.JsonValueKind.Undefined && !UnicodeRules.IsWellFormed(custom.Value))
                {
                    Add(errors, "value", "must hold only well-formed Unicode strings and names (an escaped unpaired surrogate such as \\ud800 is not)");
                }

                break;
        }

        return secret;
    }

    public static void ThrowIfAny(List<CredentialValidationError> errors)
    {
        if (errors.Count > 0)
        {
            throw new CredentialValidationException(errors.ToArray());
        }
    }

    public static bool HasControlCharacters(string value)
    {
        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return true;
            }
        }

        return false;
    }

    // One message per field: the first broken rule is the one to fix first.
    private static void Add(List<CredentialValidationError> errors, string field, string message)
    {
        foreach (var error in errors)
        {
            if (error.Field == field)
            {
                return;
            }
        }

        errors.Add(new CredentialValidationError(field, message));
    }

    /// <summary>Adds an error unless the field already has one.</summary>
    public static void AddError(List<CredentialValidationError> errors, string field, string message) => Add(errors, field, message);
}
