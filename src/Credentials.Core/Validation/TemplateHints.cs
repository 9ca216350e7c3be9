namespace Credentials;

/// <summary>Template format hints: a credential made from a template whose secret lacks the usual prefix gets a warning.</summary>
internal static class TemplateHints
{
    public static void Check(CredentialTemplate? template, CredentialSecret secret, List<CredentialValidationWarning> warnings)
    {
        if (template?.SecretPrefix is not { Length: > 0 } prefix || template.Type != secret.Type)
        {
            return;
        }

        var (field, value) = MainSecret(secret);
        if (field is not null && !string.IsNullOrEmpty(value) && !value.StartsWith(prefix, StringComparison.Ordinal))
        {
            warnings.Add(new(field, $"does not start with \"{prefix}\" like {template.Service} keys usually do; check that it is the right kind of key"));
        }
    }

    /// <summary>The main secret, which a template's prefix describes (for SMTP the password, as with SendGrid's "SG." keys).</summary>
    private static (string? Field, string? Value) MainSecret(CredentialSecret secret) => secret switch
    {
        ApiToken s => ("token", s.Token),
        KeyPair s => ("api_secret", s.ApiSecret),
        UsernamePassword s => ("password", s.Password),
        Smtp s => ("password", s.Password),
        OAuth2 s => ("client_secret", s.ClientSecret),
        _ => (null, null),
    };
}
