using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Validation;

/// <summary>The copy-paste rule as properties over every token-like field, and "warnings never block".</summary>
public sealed class TokenRuleProperties : IDisposable
{
    private static readonly string[] TokenFields = ["token", "api_key", "api_secret", "client_id", "client_secret", "access_token", "refresh_token"];

    private static readonly string[] Whitespace = [" ", "\t", "\n", "\r\n", "\r", "\v", "\f", "\u00A0", "\u2003", "\u3000", "\u2028", "\u0085"];

    private readonly TestVault _vault = TestVault.Create(b => b.AddTemplate(new CredentialTemplate(
        "openai", "OpenAI", "OpenAI API Key", "OPENAI_API_KEY", CredentialType.ApiToken, CredentialCategory.LlmProvider,
        "LLM provider.", new Uri("https://platform.openai.com/api-keys")) { SecretPrefix = "sk-" }));

    private int _counter;

    /// <summary>A credential whose only interesting field is <paramref name="field"/>.</summary>
    public static CredentialSecret WithToken(string field, string value) => field switch
    {
        "token" => new ApiToken(value),
        "api_key" => new KeyPair(value, "api-secret"),
        "api_secret" => new KeyPair("AKIAEXAMPLE", value),
        "client_id" => new OAuth2(value, "client-secret"),
        "client_secret" => new OAuth2("client-id", value),
        "access_token" => new OAuth2("client-id", "client-secret", value),
        "refresh_token" => new OAuth2("client-id", "client-secret", null, value),
        _ => throw new ArgumentOutOfRangeException(nameof(field)),
    };

    [Property(MaxTest = 300)]
    public Property AnyTokenWithWhitespaceAtAnEnd_IsRejectedOnItsField()
    {
        var cases =
            from field in Gen.Elements(TokenFields)
            from token in SecretGenerators.Token
            from space in Gen.Elements(Whitespace)
            from side in Gen.Elements("leading", "trailing", "both")
            select (field, value: side switch { "leading" => space + token, "trailing" => token + space, _ => space + token + space });

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var ex = Assert.Throws<CredentialValidationException>(() => Create(WithToken(c.field, c.value)));
            var error = Assert.Single(ex.Errors);
            Assert.Equal(c.field, error.Field);
            Assert.Equal(TokenRules.WhitespaceRule, error.Message);
        });
    }

    [Property(MaxTest = 300)]
    public Property AnyTokenWithALineBreakInside_IsRejectedOnItsField()
    {
        var cases =
            from field in Gen.Elements(TokenFields)
            from left in SecretGenerators.Token
            from right in SecretGenerators.Token
            from lineBreak in Gen.Elements("\n", "\r\n", "\r", "\u2028", "\u2029", "\u0085")
            select (field, value: left + lineBreak + right);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var ex = Assert.Throws<CredentialValidationException>(() => Create(WithToken(c.field, c.value)));
            Assert.Equal(c.field, Assert.Single(ex.Errors).Field);
        });
    }

    [Property(MaxTest = 300)]
    public Property AnyTrimmedTokenWithoutLineBreaks_IsAcceptedAndStoredAsGiven()
    {
        var cases =
            from field in Gen.Elements(TokenFields)
            from token in SecretGenerators.Token
            select (field, token);

        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var secret = WithToken(c.field, c.token);
            var view = Create(secret);
            Assert.Equal(secret, _vault.Resolver.TryResolveAsync(TestVault.Acme, view.Key).GetAwaiter().GetResult());
        });
    }

    [Property(MaxTest = 300)]
    public Property SmtpWarnings_NeverBlockTheSave()
    {
        var cases =
            from port in Gen.OneOf(Gen.Elements(25, 465, 587, 2525), Gen.Choose(1, 65535))
            from encryption in Gen.Elements(SmtpEncryption.None, SmtpEncryption.StartTls, SmtpEncryption.SslTls)
            from username in Gen.Elements("", "mailer@example.com")
            from password in Gen.Elements("", "mail-password-1")
            select new Smtp("smtp.example.com", port, username, password, encryption);

        return Prop.ForAll(cases.ToArbitrary(), smtp =>
        {
            var view = Create(smtp);
            Assert.Equal(smtp, _vault.Resolver.TryResolveAsync(TestVault.Acme, view.Key).GetAwaiter().GetResult());
            Assert.All(view.Warnings, w => Assert.DoesNotContain("mail-password-1", w.Message, StringComparison.Ordinal));
            var expectWarning = (smtp.Port == 465 && smtp.Encryption != SmtpEncryption.SslTls)
                || (smtp.Port is 25 or 587 && smtp.Encryption == SmtpEncryption.SslTls)
                || (smtp.Encryption == SmtpEncryption.None && smtp.Password.Length > 0);
            if (expectWarning)
            {
                Assert.Contains(view.Warnings, w => w.Field == "encryption");
            }
            else
            {
                Assert.DoesNotContain(view.Warnings, w => w.Field == "encryption");
            }
        });
    }

    [Property(MaxTest = 200)]
    public Property TemplatePrefixHint_WarnsButNeverBlocks()
    {
        return Prop.ForAll(SecretGenerators.Token.ToArbitrary(), token =>
        {
            var view = _vault.Store.CreateFromTemplateAsync(TestVault.Acme, "openai", new ApiToken(token)).GetAwaiter().GetResult();
            try
            {
                Assert.Equal(token, _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY").GetAwaiter().GetResult().Token);
                if (token.StartsWith("sk-", StringComparison.Ordinal))
                {
                    Assert.Empty(view.Warnings);
                }
                else
                {
                    var warning = Assert.Single(view.Warnings);
                    Assert.Equal("token", warning.Field);
                    Assert.Contains("\"sk-\"", warning.Message, StringComparison.Ordinal);
                }
            }
            finally
            {
                _vault.Store.DeleteAsync(TestVault.Acme, view.Id).GetAwaiter().GetResult();
            }
        });
    }

    private CredentialView Create(CredentialSecret secret) =>
        _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Prop", "PROP_" + Interlocked.Increment(ref _counter), CredentialCategory.Custom, secret))
            .GetAwaiter().GetResult();

    public void Dispose() => _vault.Dispose();
}
