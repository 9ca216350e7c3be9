using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.PerUser;

/// <summary>Each row of the README's ResolveScope table, tested.</summary>
public sealed class ResolveScopeTests : IDisposable
{
    private static readonly CredentialContext Alice = new(TestVault.Acme, "alice");
    private static readonly CredentialContext Bob = new(TestVault.Acme, "bob");
    private readonly TestVault _vault = TestVault.Create(b => b.AddTemplate(new CredentialTemplate(
        "github", "GitHub", "GitHub Token", "GITHUB_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService, "GitHub personal access token.", new Uri("https://github.com"))));

    private async Task SeedAsync()
    {
        await _vault.Store.CreateAsync(TestVault.Acme, Token("GITHUB_TOKEN", "ghp-organization-shared-token"));
        await _vault.Store.CreateAsync(Alice, Token("GITHUB_TOKEN", "ghp-alice-own-token-00000000") with { OwnerUserId = "alice" });
    }

    private static NewCredential Token(string key, string token) => new("GitHub", key, CredentialCategory.McpService, new ApiToken(token));

    [Fact]
    public async Task OrganizationOverload_ResolvesTheSharedCredentialOnly()
    {
        await SeedAsync();

        Assert.Equal("ghp-organization-shared-token", (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "GITHUB_TOKEN")).Token);
        Assert.Equal("ghp-organization-shared-token", ((ApiToken)(await _vault.Resolver.TryResolveAsync(TestVault.Acme, "GITHUB_TOKEN"))!).Token);
    }

    [Fact]
    public async Task OrganizationScope_InAUsersContext_StillResolvesTheSharedOne()
    {
        await SeedAsync();

        Assert.Equal("ghp-organization-shared-token", (await _vault.Resolver.ResolveAsync<ApiToken>(Alice, "GITHUB_TOKEN", ResolveScope.Organization)).Token);
    }

    [Fact]
    public async Task UserScope_ResolvesTheUsersOwn()
    {
        await SeedAsync();

        Assert.Equal("ghp-alice-own-token-00000000", (await _vault.Resolver.ResolveAsync<ApiToken>(Alice, "GITHUB_TOKEN", ResolveScope.User)).Token);
    }

    [Fact]
    public async Task UserScope_UserWithoutOne_AsksToConnect_NeverFallsBack()
    {
        await SeedAsync();

        var ex = await Assert.ThrowsAsync<CredentialConnectionRequiredException>(() => _vault.Resolver.ResolveAsync<ApiToken>(Bob, "GITHUB_TOKEN", ResolveScope.User));
        Assert.Equal("GITHUB_TOKEN", ex.Key);
        Assert.Equal("bob", ex.UserId);
        Assert.Equal("github", ex.TemplateId);
        Assert.DoesNotContain("ghp-", ex.Message, StringComparison.Ordinal);
        Assert.Null(await _vault.Resolver.TryResolveAsync<ApiToken>(Bob, "GITHUB_TOKEN", ResolveScope.User));
    }

    [Fact]
    public async Task UserThenOrganization_PrefersTheUsersOwn_ElseTheShared()
    {
        await SeedAsync();

        Assert.Equal("ghp-alice-own-token-00000000", (await _vault.Resolver.ResolveAsync<ApiToken>(Alice, "GITHUB_TOKEN", ResolveScope.UserThenOrganization)).Token);
        Assert.Equal("ghp-organization-shared-token", (await _vault.Resolver.ResolveAsync<ApiToken>(Bob, "GITHUB_TOKEN", ResolveScope.UserThenOrganization)).Token);
    }

    [Fact]
    public async Task UserThenOrganization_NeitherHasOne_IsNotFound()
    {
        await SeedAsync();

        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Resolver.ResolveAsync<ApiToken>(Bob, "SLACK_BOT_TOKEN", ResolveScope.UserThenOrganization));
        Assert.Null(await _vault.Resolver.TryResolveAsync<ApiToken>(Bob, "SLACK_BOT_TOKEN", ResolveScope.UserThenOrganization));
    }

    [Theory]
    [InlineData(ResolveScope.User)]
    [InlineData(ResolveScope.UserThenOrganization)]
    public async Task UserScopes_InAContextWithoutAUser_AreRefused(ResolveScope scope)
    {
        await SeedAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => _vault.Resolver.ResolveAsync<ApiToken>(new CredentialContext(TestVault.Acme), "GITHUB_TOKEN", scope));
    }

    [Fact]
    public async Task UsersCredential_NeverResolvesForAnotherUserOrTheOrganization()
    {
        await _vault.Store.CreateAsync(Alice, Token("ONLY_ALICE", "ghp-alice-private-token-0000") with { OwnerUserId = "alice" });

        Assert.Null(await _vault.Resolver.TryResolveAsync(TestVault.Acme, "ONLY_ALICE"));
        Assert.Null(await _vault.Resolver.TryResolveAsync<ApiToken>(Bob, "ONLY_ALICE", ResolveScope.UserThenOrganization));
        Assert.Null(await _vault.Resolver.TryResolveAsync<ApiToken>(Alice, "ONLY_ALICE", ResolveScope.Organization));
        Assert.Null(await _vault.Resolver.TryResolveAsync<ApiToken>(new CredentialContext(TestVault.Globex, "alice"), "ONLY_ALICE", ResolveScope.User));
    }

    [Fact]
    public async Task TypeMismatch_IsReportedInEveryScope()
    {
        await SeedAsync();

        await Assert.ThrowsAsync<CredentialTypeMismatchException>(() => _vault.Resolver.ResolveAsync<KeyPair>(Alice, "GITHUB_TOKEN", ResolveScope.User));
        await Assert.ThrowsAsync<CredentialTypeMismatchException>(() => _vault.Resolver.TryResolveAsync<KeyPair>(Bob, "GITHUB_TOKEN", ResolveScope.UserThenOrganization));
    }

    [Fact]
    public async Task Cache_AUsersEntry_NeverServesAnotherUserOrTheOrganization()
    {
        using var vault = TestVault.Create(b => b.UseResolveCache());
        await vault.Store.CreateAsync(TestVault.Acme, Token("GITHUB_TOKEN", "ghp-organization-shared-token"));
        await vault.Store.CreateAsync(Alice, Token("GITHUB_TOKEN", "ghp-alice-own-token-00000000") with { OwnerUserId = "alice" });

        Assert.Equal("ghp-alice-own-token-00000000", (await vault.Resolver.ResolveAsync<ApiToken>(Alice, "GITHUB_TOKEN", ResolveScope.User)).Token);
        Assert.Equal("ghp-organization-shared-token", (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "GITHUB_TOKEN")).Token);
        Assert.Null(await vault.Resolver.TryResolveAsync<ApiToken>(Bob, "GITHUB_TOKEN", ResolveScope.User));
        Assert.Equal("ghp-organization-shared-token", (await vault.Resolver.ResolveAsync<ApiToken>(Bob, "GITHUB_TOKEN", ResolveScope.UserThenOrganization)).Token);
    }

    public void Dispose() => _vault.Dispose();
}
