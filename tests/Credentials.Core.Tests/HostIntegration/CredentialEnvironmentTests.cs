using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.HostIntegration;

public sealed class CredentialEnvironmentTests : IDisposable
{
    private static readonly OrganizationId Acme = TestVault.Acme;

    private static readonly CredentialTemplate Aws = new(
        "aws", "Amazon Web Services", "AWS Access Key", "AWS_CREDENTIALS", CredentialType.KeyPair, CredentialCategory.Runtime,
        "IAM access key.", new Uri("https://docs.aws.amazon.com/"))
    {
        EnvironmentVariables = new Dictionary<string, string> { ["api_key"] = "AWS_ACCESS_KEY_ID", ["api_secret"] = "AWS_SECRET_ACCESS_KEY" },
    };

    private readonly TestVault _vault = TestVault.Create(b => b.AddTemplate(Aws));

    private ICredentialEnvironment Environment => _vault.Provider.GetRequiredService<ICredentialEnvironment>();

    [Fact]
    public async Task BuildAsync_ApiToken_IsOneVariableNamedAfterTheKey()
    {
        await _vault.Store.CreateAsync(Acme, TestVault.Token("OPENAI_API_KEY", "sk-one"));

        var env = await Environment.BuildAsync(Acme, ["OPENAI_API_KEY"]);

        Assert.Equal(new Dictionary<string, string> { ["OPENAI_API_KEY"] = "sk-one" }, env);
    }

    [Fact]
    public async Task BuildAsync_TemplateWithVariables_GivesExactlyTheTemplatesNames()
    {
        await _vault.Store.CreateFromTemplateAsync(Acme, "aws", new KeyPair("AKIAEXAMPLE", "secret-access-key"));

        var env = await Environment.BuildAsync(Acme, ["AWS_CREDENTIALS"]);

        Assert.Equal(new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = "AKIAEXAMPLE", ["AWS_SECRET_ACCESS_KEY"] = "secret-access-key" }, env);
    }

    [Fact]
    public async Task BuildAsync_SameKeyAndTypeAsATemplate_UsesItsNamesEvenWhenNotCreatedFromIt()
    {
        await _vault.Store.CreateAsync(Acme, new NewCredential("AWS", "AWS_CREDENTIALS", CredentialCategory.Runtime, new KeyPair("AKIA2", "s2")));

        var env = await Environment.BuildAsync(Acme, ["AWS_CREDENTIALS"]);

        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"], env.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BuildAsync_TemplateOfAnotherType_IsIgnored()
    {
        await _vault.Store.CreateAsync(Acme, new NewCredential("AWS", "AWS_CREDENTIALS", CredentialCategory.Runtime, new ApiToken("tok")));

        var env = await Environment.BuildAsync(Acme, ["AWS_CREDENTIALS"]);

        Assert.Equal(new Dictionary<string, string> { ["AWS_CREDENTIALS"] = "tok" }, env);
    }

    [Fact]
    public async Task BuildAsync_MultiValueWithoutTemplate_IsKeyUnderscoreFieldInUpperCase()
    {
        await _vault.Store.CreateAsync(Acme, new NewCredential("Mail", "MAIL", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 587, "mailer", "app-password", SmtpEncryption.StartTls)));
        await _vault.Store.CreateAsync(Acme, new NewCredential("Pair", "PAIR", CredentialCategory.Custom, new KeyPair("k", "s")));

        var env = await Environment.BuildAsync(Acme, ["MAIL", "PAIR"]);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["MAIL_HOST"] = "smtp.example.com",
                ["MAIL_PORT"] = "587",
                ["MAIL_USERNAME"] = "mailer",
                ["MAIL_PASSWORD"] = "app-password",
                ["MAIL_ENCRYPTION"] = "starttls",
                ["PAIR_API_KEY"] = "k",
                ["PAIR_API_SECRET"] = "s",
            },
            env);
    }

    [Fact]
    public async Task BuildAsync_Custom_IsItsJsonText()
    {
        await _vault.Store.CreateAsync(Acme, new NewCredential("Svc", "SERVICE_JSON", CredentialCategory.Custom, Custom.Parse("""{"a":1,"b":"two"}""")));

        var env = await Environment.BuildAsync(Acme, ["SERVICE_JSON"]);

        using var json = JsonDocument.Parse(env["SERVICE_JSON"]);
        Assert.Equal("two", json.RootElement.GetProperty("b").GetString());
    }

    [Fact]
    public async Task BuildAsync_OptionalFieldsNotSet_AreLeftOut()
    {
        await _vault.Store.CreateAsync(Acme, new NewCredential("Client", "CLIENT", CredentialCategory.Custom, new OAuth2("client-1", "client-secret")));

        var env = await Environment.BuildAsync(Acme, ["CLIENT"]);

        Assert.Equal("client-1", env["CLIENT_CLIENT_ID"]);
        Assert.Equal("client-secret", env["CLIENT_CLIENT_SECRET"]);
        Assert.DoesNotContain("CLIENT_ACCESS_TOKEN", env.Keys);
        Assert.DoesNotContain("CLIENT_REFRESH_TOKEN", env.Keys);
    }

    [Fact]
    public async Task BuildAsync_MissingKey_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => Environment.BuildAsync(Acme, ["NOPE"]));
    }

    [Fact]
    public async Task BuildAsync_UserScopeWithoutTheUsersOwn_AsksToConnect()
    {
        await _vault.Store.CreateAsync(Acme, TestVault.Token("GITHUB_TOKEN", "ghp-shared"));

        var ex = await Assert.ThrowsAsync<CredentialConnectionRequiredException>(
            () => Environment.BuildAsync(new CredentialContext(Acme, "alice"), ["GITHUB_TOKEN"], ResolveScope.User));

        Assert.Equal("alice", ex.UserId);
    }

    [Fact]
    public async Task BuildAsync_UserThenOrganization_TakesTheUsersOwnAndNeverAnotherUsers()
    {
        await _vault.Store.CreateAsync(Acme, TestVault.Token("GITHUB_TOKEN", "ghp-shared"));
        await _vault.Store.CreateAsync(new CredentialContext(Acme, "alice"), TestVault.Token("GITHUB_TOKEN", "ghp-alice") with { OwnerUserId = "alice" });

        var alice = await Environment.BuildAsync(new CredentialContext(Acme, "alice"), ["GITHUB_TOKEN"], ResolveScope.UserThenOrganization);
        var bob = await Environment.BuildAsync(new CredentialContext(Acme, "bob"), ["GITHUB_TOKEN"], ResolveScope.UserThenOrganization);
        var shared = await Environment.BuildAsync(new CredentialContext(Acme, "alice"), ["GITHUB_TOKEN"]);

        Assert.Equal("ghp-alice", alice["GITHUB_TOKEN"]);
        Assert.Equal("ghp-shared", bob["GITHUB_TOKEN"]);
        Assert.Equal("ghp-shared", shared["GITHUB_TOKEN"]);
    }

    [Fact]
    public async Task BuildAsync_UserScopeWithoutUser_ThrowsArgumentException()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Environment.BuildAsync(Acme, ["GITHUB_TOKEN"], ResolveScope.UserThenOrganization));
    }

    [Fact]
    public async Task BuildAsync_TwoCredentialsSettingOneVariable_RefusesNamingBothKeysAndNoValue()
    {
        await _vault.Store.CreateAsync(Acme, new NewCredential("Pair", "AWS_CREDENTIALS", CredentialCategory.Runtime, new KeyPair("AKIA1", "secret-one")));
        await _vault.Store.CreateAsync(Acme, new NewCredential("Other", "AWS_ACCESS_KEY_ID", CredentialCategory.Runtime, new ApiToken("secret-two")));

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => Environment.BuildAsync(Acme, ["AWS_CREDENTIALS", "AWS_ACCESS_KEY_ID"]));

        var error = Assert.Single(ex.Errors);
        Assert.Contains("AWS_CREDENTIALS", error.Message, StringComparison.Ordinal);
        Assert.Contains("AWS_ACCESS_KEY_ID", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BuildAsync_SameKeyTwice_IsResolvedOnce()
    {
        await _vault.Store.CreateAsync(Acme, TestVault.Token("OPENAI_API_KEY", "sk-one"));

        var env = await Environment.BuildAsync(Acme, ["OPENAI_API_KEY", "OPENAI_API_KEY"]);

        Assert.Single(env);
    }

    [Fact]
    public async Task BuildAsync_Consumer_GivesEveryAssignedCredentialTheContextMaySee()
    {
        var mcp = new ConsumerRef(ConsumerKind.ToolDefinition, "mcp-github", "GitHub MCP");
        var token = await _vault.Store.CreateAsync(Acme, TestVault.Token("GITHUB_TOKEN", "ghp-shared"));
        var aws = await _vault.Store.CreateFromTemplateAsync(Acme, "aws", new KeyPair("AKIA", "s"));
        var bobs = await _vault.Store.CreateAsync(new CredentialContext(Acme, "bob"), TestVault.Token("BOB_TOKEN", "bob-only") with { OwnerUserId = "bob" });
        var alices = await _vault.Store.CreateAsync(new CredentialContext(Acme, "alice"), TestVault.Token("ALICE_TOKEN", "alice-only") with { OwnerUserId = "alice" });
        await _vault.Store.CreateAsync(Acme, TestVault.Token("UNASSIGNED", "x"));
        foreach (var id in new[] { token.Id, aws.Id, bobs.Id, alices.Id })
        {
            await _vault.Assignments.AssignAsync(Acme, id, mcp);
        }

        var env = await Environment.BuildAsync(new CredentialContext(Acme, "alice"), mcp);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ALICE_TOKEN"] = "alice-only",
                ["AWS_ACCESS_KEY_ID"] = "AKIA",
                ["AWS_SECRET_ACCESS_KEY"] = "s",
                ["GITHUB_TOKEN"] = "ghp-shared",
            },
            env);
    }

    [Fact]
    public async Task BuildAsync_ConsumerWithUserThenOrganization_PrefersTheUsersOwnOfAnAssignedKey()
    {
        var mcp = new ConsumerRef(ConsumerKind.ToolDefinition, "mcp-github");
        var shared = await _vault.Store.CreateAsync(Acme, TestVault.Token("GITHUB_TOKEN", "ghp-shared"));
        await _vault.Store.CreateAsync(new CredentialContext(Acme, "alice"), TestVault.Token("GITHUB_TOKEN", "ghp-alice") with { OwnerUserId = "alice" });
        await _vault.Assignments.AssignAsync(Acme, shared.Id, mcp);

        var env = await Environment.BuildAsync(new CredentialContext(Acme, "alice"), mcp, ResolveScope.UserThenOrganization);

        Assert.Equal("ghp-alice", env["GITHUB_TOKEN"]);
    }

    [Fact]
    public async Task BuildAsync_NothingAssigned_IsEmpty()
    {
        var env = await Environment.BuildAsync(Acme, new ConsumerRef(ConsumerKind.Runtime, "idle"));

        Assert.Empty(env);
    }

    public void Dispose() => _vault.Dispose();
}
