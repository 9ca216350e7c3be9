using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Utilities;
using Org.BouncyCastle.Security;

namespace Credentials;

/// <summary>Creating credentials through <see cref="ICredentialStore.CreateFromTemplateAsync"/> with the common templates.</summary>
public sealed class CreateFromTemplateTests : IDisposable
{
    private static readonly OrganizationId Org = new("acme");
    private readonly ServiceProvider _provider = TestServices.Build();

    private ICredentialStore Store => _provider.GetRequiredService<ICredentialStore>();

    private ICredentialTemplateCatalog Catalog => _provider.GetRequiredService<ICredentialTemplateCatalog>();

    public void Dispose() => _provider.Dispose();

    [Fact]
    public async Task CreateFromTemplateAsync_OpenAi_TakesTheTemplatesNameKeyTypeAndCategory()
    {
        var view = await Store.CreateFromTemplateAsync(Org, "openai", new ApiToken("sk-test-0123456789abcdef"));

        Assert.Equal("OpenAI API Key", view.Name);
        Assert.Equal("OPENAI_API_KEY", view.Key);
        Assert.Equal(CredentialType.ApiToken, view.Type);
        Assert.Equal(CredentialCategory.LlmProvider, view.Category);
        Assert.Equal("openai", view.TemplateId);
    }

    [Fact]
    public async Task CreateFromTemplateAsync_EveryTemplate_CreatesItsCredential()
    {
        // All in one organization: this also proves no two templates share a key.
        foreach (var template in Catalog.All)
        {
            var view = await Store.CreateFromTemplateAsync(Org, template.Id, SampleSecret(template.Type));

            Assert.Equal((template.Name, template.Key, template.Type, template.Category, template.Id), (view.Name, view.Key, view.Type, view.Category, view.TemplateId));
        }

        var page = await Store.ListAsync(Org, new CredentialQuery { PageSize = 500 });
        Assert.Equal(Catalog.All.Count, page.Items.Count);
    }

    [Fact]
    public async Task CreateFromTemplateAsync_WithName_UsesTheCallersName()
    {
        var view = await Store.CreateFromTemplateAsync(Org, "anthropic", new ApiToken("sk-ant-test-0123456789"), name: "Claude for support bot");

        Assert.Equal("Claude for support bot", view.Name);
        Assert.Equal("ANTHROPIC_API_KEY", view.Key);
    }

    [Fact]
    public async Task CreateFromTemplateAsync_UnknownTemplate_ThrowsOnTemplateId()
    {
        var error = await Assert.ThrowsAsync<CredentialValidationException>(
            () => Store.CreateFromTemplateAsync(Org, "no-such-template", new ApiToken("value")));

        Assert.Contains(error.Errors, e => e.Field == "template_id");
    }

    [Fact]
    public async Task CreateFromTemplateAsync_SecretOfAnotherType_ThrowsOnType()
    {
        var error = await Assert.ThrowsAsync<CredentialValidationException>(
            () => Store.CreateFromTemplateAsync(Org, "aws", new ApiToken("AKIAIOSFODNN7EXAMPLE")));

        Assert.Contains(error.Errors, e => e.Field == "type");
    }

    [Fact]
    public async Task CreateFromTemplateAsync_GmailWithBlankHostAndPort_GetsThePrefilledValues()
    {
        var view = await Store.CreateFromTemplateAsync(Org, "gmail-smtp", new Smtp("", 0, "me@example.com", "app-password", SmtpEncryption.StartTls));

        var form = await Store.GetForEditAsync(Org, view.Id);
        var values = form.Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("smtp.gmail.com", values["host"]);
        Assert.Equal("587", values["port"]);
        Assert.Equal("me@example.com", values["username"]);
        Assert.Equal("starttls", values["encryption"]);
        Assert.Null(values["password"]);
        Assert.Equal("gmail-smtp", form.TemplateId);
    }

    [Fact]
    public async Task CreateFromTemplateAsync_SmtpWithOwnHost_KeepsTheCallersValues()
    {
        var view = await Store.CreateFromTemplateAsync(Org, "amazon-ses-smtp", new Smtp("email-smtp.eu-west-1.amazonaws.com", 2587, "AKIAEXAMPLE", "smtp-password", SmtpEncryption.StartTls));

        var values = (await Store.GetForEditAsync(Org, view.Id)).Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("email-smtp.eu-west-1.amazonaws.com", values["host"]);
        Assert.Equal("2587", values["port"]);
    }

    [Fact]
    public async Task CreateFromTemplateAsync_SendGridSmtpWithBlankUserName_GetsApikey()
    {
        var view = await Store.CreateFromTemplateAsync(Org, "sendgrid-smtp", new Smtp("", 0, "", "SG.test-key", SmtpEncryption.StartTls));

        var values = (await Store.GetForEditAsync(Org, view.Id)).Fields.ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal("apikey", values["username"]);
        Assert.Equal("smtp.sendgrid.net", values["host"]);
    }

    // SSH keys are parsed and checked on save, so the sample must be a real key: a fresh ed25519 key in OpenSSH format.
    private static string TestSshKey()
    {
        var key = new Ed25519PrivateKeyParameters(new SecureRandom());
        var body = Convert.ToBase64String(OpenSshPrivateKeyUtilities.EncodePrivateKey(key), Base64FormattingOptions.InsertLineBreaks);
        return $"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----\n";
    }

    // A valid secret of each type; SMTP leaves host and port blank so the template's pre-fill must supply them.
    private static CredentialSecret SampleSecret(CredentialType type) => type switch
    {
        CredentialType.ApiToken => new ApiToken("test-token-0123456789abcdef"),
        CredentialType.KeyPair => new KeyPair("test-key-id", "test-secret-0123456789"),
        CredentialType.UsernamePassword => new UsernamePassword("user@example.com", "test-password"),
        CredentialType.Smtp => new Smtp("", 0, "user@example.com", "test-password", SmtpEncryption.StartTls),
        CredentialType.OAuth2 => new OAuth2("test-client-id", "test-client-secret"),
        CredentialType.SshKey => new SshKey(TestSshKey()),
        CredentialType.Custom => new Custom(JsonDocument.Parse("""{"type":"service_account","private_key":"test"}""").RootElement.Clone()),
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };
}
