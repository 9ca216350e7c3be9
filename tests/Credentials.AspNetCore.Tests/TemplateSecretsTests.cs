namespace Credentials.AspNetCore.Tests;

/// <summary>
/// The template create path maps fields itself (the forms API has no template overload yet): it must know exactly the
/// fields the schemas have, so a field added to a schema fails here instead of being dropped silently.
/// </summary>
public sealed class TemplateSecretsTests
{
    [Fact]
    public void KnownFields_AreExactlyEverySchemasFields()
    {
        foreach (var schema in CredentialSchemasForTests.All)
        {
            Assert.Equal(schema.Fields.Select(f => f.Name).Order(StringComparer.Ordinal), TemplateSecrets.KnownFields(schema.Type).Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Build_EveryType_ReadsEveryFieldWithoutErrors()
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["token"] = "t", ["api_key"] = "k", ["api_secret"] = "s", ["username"] = "u", ["password"] = "p",
            ["host"] = "smtp.example.com", ["port"] = "587", ["encryption"] = "ssl_tls", ["client_id"] = "c",
            ["client_secret"] = "cs", ["access_token"] = "a", ["refresh_token"] = "r", ["token_endpoint"] = "https://auth.example.com/token",
            ["expires_at"] = "2030-01-31T12:00:00Z", ["private_key"] = "pk", ["public_key"] = "pub", ["passphrase"] = "pp",
            ["value"] = """{"a":1}""",
        };
        foreach (var schema in CredentialSchemasForTests.All)
        {
            var template = new CredentialTemplate("t", "T", "T", "T_KEY", schema.Type, CredentialCategory.Custom, "d", new Uri("https://example.com"));
            var fields = schema.Fields.ToDictionary(f => f.Name, f => values[f.Name], StringComparer.Ordinal);
            var errors = new List<CredentialValidationError>();

            var secret = TemplateSecrets.Build(template, schema, fields, errors);

            Assert.Empty(errors);
            Assert.Equal(schema.Type, secret.Type);
        }
    }

    [Fact]
    public void Build_PrefillFillsBlanks_ButNeverASecretField()
    {
        var schema = CredentialSchemasForTests.All.Single(s => s.Type == CredentialType.Smtp);
        var template = new CredentialTemplate("t", "T", "T", "T_KEY", CredentialType.Smtp, CredentialCategory.Communication, "d", new Uri("https://example.com"))
        {
            Prefill = new Dictionary<string, string>(StringComparer.Ordinal) { ["host"] = "smtp.example.com", ["port"] = "587", ["encryption"] = "starttls", ["password"] = "prefilled" },
        };
        var errors = new List<CredentialValidationError>();

        var smtp = (Smtp)TemplateSecrets.Build(template, schema, new Dictionary<string, string?> { ["username"] = "u", ["host"] = "" }, errors);

        Assert.Empty(errors);
        Assert.Equal(("smtp.example.com", 587, SmtpEncryption.StartTls, ""), (smtp.Host, smtp.Port, smtp.Encryption, smtp.Password));
    }
}
