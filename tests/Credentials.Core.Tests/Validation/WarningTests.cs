using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Validation;

/// <summary>Warnings travel back on the view of the save that caused them, never block it, and are not stored.</summary>
public sealed class WarningTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create(b => b
        .AddTemplate(Template("openai", CredentialType.ApiToken, "sk-"))
        .AddTemplate(Template("sendgrid-smtp", CredentialType.Smtp, "SG.") with { Prefill = new Dictionary<string, string> { ["host"] = "smtp.sendgrid.net", ["port"] = "587", ["encryption"] = "starttls", ["username"] = "apikey" } })
        .AddTemplate(Template("pair", CredentialType.KeyPair, "sec_")));

    private static CredentialTemplate Template(string id, CredentialType type, string prefix) =>
        new(id, "Service " + id, "Name " + id, id.ToUpperInvariant().Replace('-', '_'), type, CredentialCategory.Custom, "d", new Uri("https://example.com/docs")) { SecretPrefix = prefix };

    [Theory]
    [InlineData(465, SmtpEncryption.StartTls, "encryption", "port 465 expects ssl_tls")]
    [InlineData(465, SmtpEncryption.None, "encryption", "port 465 expects ssl_tls")]
    [InlineData(587, SmtpEncryption.SslTls, "encryption", "port 587 expects starttls")]
    [InlineData(25, SmtpEncryption.SslTls, "encryption", "port 25 expects starttls")]
    [InlineData(2526, SmtpEncryption.StartTls, "port", "not a usual SMTP port")]
    public async Task Create_UnusualSmtpPair_WarnsAndSaves(int port, SmtpEncryption encryption, string field, string message)
    {
        var smtp = new Smtp("smtp.example.com", port, "mailer", "mail-password-1", encryption);

        var view = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication, smtp));

        Assert.Contains(view.Warnings, w => w.Field == field && w.Message.Contains(message, StringComparison.Ordinal));
        Assert.Equal(smtp, await _vault.Resolver.ResolveAsync<Smtp>(TestVault.Acme, "MAIL"));
    }

    [Theory]
    [InlineData(25)]
    [InlineData(587)]
    public async Task Create_PasswordWithoutEncryption_WarnsOfClearText(int port)
    {
        var view = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication,
            new Smtp("smtp.example.com", port, "mailer", "mail-password-1", SmtpEncryption.None)));

        var warning = Assert.Single(view.Warnings);
        Assert.Equal("encryption", warning.Field);
        Assert.Contains("clear text", warning.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("mail-password-1", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UsualSmtpSettings_HaveNoWarnings()
    {
        var relay = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Relay", "RELAY", CredentialCategory.Communication,
            new Smtp("10.0.0.25", 25, "", "", SmtpEncryption.None)));
        var submission = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 587, "mailer", "pw", SmtpEncryption.StartTls)));

        Assert.Empty(relay.Warnings);
        Assert.Empty(submission.Warnings);
    }

    [Fact]
    public async Task Create_PasswordWithoutUsername_WarnsOnUsername()
    {
        var view = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 465, "", "pw", SmtpEncryption.SslTls)));

        Assert.Equal("username", Assert.Single(view.Warnings).Field);
    }

    [Fact]
    public async Task Warnings_AreNotStoredAndNotPartOfEquality()
    {
        var view = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 465, "mailer", "pw", SmtpEncryption.StartTls)));

        var read = await _vault.Store.GetAsync(TestVault.Acme, view.Id);

        Assert.NotEmpty(view.Warnings);
        Assert.Empty(read!.Warnings);
        Assert.Equal(view, read);
        Assert.Equal(view.GetHashCode(), read.GetHashCode());
        Assert.All((await _vault.Store.ListAsync(TestVault.Acme)).Items, v => Assert.Empty(v.Warnings));
    }

    [Fact]
    public async Task Update_ReturnsTheWarningsOfTheNewValues()
    {
        var view = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 587, "mailer", "pw", SmtpEncryption.StartTls)));

        var moved = await _vault.Store.UpdateAsync(TestVault.Acme, view.Id, new CredentialUpdate { Secret = new Smtp("smtp.example.com", 465, "mailer", "pw-again", SmtpEncryption.StartTls) });
        var renamed = await _vault.Store.UpdateAsync(TestVault.Acme, view.Id, new CredentialUpdate { Name = "Mail 2" });

        Assert.Contains(moved.Warnings, w => w.Field == "encryption");
        Assert.Empty(renamed.Warnings);
        Assert.Equal("pw-again", (await _vault.Resolver.ResolveAsync<Smtp>(TestVault.Acme, "MAIL")).Password);
    }

    [Fact]
    public async Task Forms_ReturnWarningsToo()
    {
        var view = await _vault.Forms.CreateAsync(TestVault.Acme, CredentialType.Smtp, new Dictionary<string, string?>
        {
            ["name"] = "Mail", ["key"] = "MAIL", ["category"] = "communication",
            ["host"] = "smtp.example.com", ["port"] = "465", ["username"] = "me", ["password"] = "pw", ["encryption"] = "starttls",
        });

        Assert.Contains(view.Warnings, w => w.Field == "encryption");
    }

    [Theory]
    [InlineData("openai", "sk-proj-abc", false)]
    [InlineData("openai", "pk-live-abc", true)]
    public async Task CreateFromTemplate_SecretWithoutThePrefix_WarnsOnTheMainSecret(string template, string token, bool warns)
    {
        var view = await _vault.Store.CreateFromTemplateAsync(TestVault.Acme, template, new ApiToken(token));

        Assert.Equal(warns, view.Warnings.Any(w => w.Field == "token" && w.Message.Contains("\"sk-\"", StringComparison.Ordinal)));
        Assert.Equal(token, (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI")).Token);
    }

    [Fact]
    public async Task CreateFromTemplate_SmtpAndKeyPair_CheckTheirMainSecret()
    {
        var smtp = await _vault.Store.CreateFromTemplateAsync(TestVault.Acme, "sendgrid-smtp", new Smtp("", 0, "", "not-a-sendgrid-key", (SmtpEncryption)(-1)));
        var pair = await _vault.Store.CreateFromTemplateAsync(TestVault.Acme, "pair", new KeyPair("sec_is_not_checked_here", "other"));

        Assert.Equal("password", Assert.Single(smtp.Warnings).Field);
        Assert.Equal("api_secret", Assert.Single(pair.Warnings).Field);
    }

    [Fact]
    public async Task Update_CredentialFromTemplate_ChecksThePrefixAgain()
    {
        var view = await _vault.Store.CreateFromTemplateAsync(TestVault.Acme, "openai", new ApiToken("sk-first-0000"));

        var updated = await _vault.Store.UpdateAsync(TestVault.Acme, view.Id, new CredentialUpdate { Secret = new ApiToken("AIza-wrong-service") });

        Assert.Empty(view.Warnings);
        Assert.Equal("token", Assert.Single(updated.Warnings).Field);
    }

    [Fact]
    public async Task OAuth2_ExpiredAccessToken_Warns()
    {
        var expired = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("App", "APP", CredentialCategory.McpService,
            new OAuth2("id", "secret", "access") { ExpiresAt = DateTimeOffset.UnixEpoch }));
        var current = await _vault.Store.CreateAsync(TestVault.Acme, new NewCredential("App 2", "APP_2", CredentialCategory.McpService,
            new OAuth2("id", "secret", "access") { ExpiresAt = DateTimeOffset.UtcNow.AddHours(1), TokenEndpoint = "https://auth.example.com/oauth/token" }));

        Assert.Equal("expires_at", Assert.Single(expired.Warnings).Field);
        Assert.Empty(current.Warnings);
    }

    public void Dispose() => _vault.Dispose();
}
