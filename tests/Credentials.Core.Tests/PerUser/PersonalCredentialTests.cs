using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.PerUser;

/// <summary>What a user's context may see and do, and what binds a personal credential to its owner.</summary>
public sealed class PersonalCredentialTests : IDisposable
{
    private static readonly CredentialContext Alice = new(TestVault.Acme, "alice");
    private static readonly CredentialContext Bob = new(TestVault.Acme, "bob");
    private static readonly CredentialContext Admin = new(TestVault.Acme);
    private readonly TestVault _vault = TestVault.Create();

    private Task<CredentialView> CreateForAsync(CredentialContext context, string key, string token) =>
        _vault.Store.CreateAsync(context, new NewCredential("Token", key, CredentialCategory.McpService, new ApiToken(token)) { OwnerUserId = context.UserId });

    [Fact]
    public async Task OtherUsersCredential_IsNotFoundForEveryOperation()
    {
        var alices = await CreateForAsync(Alice, "GITHUB_TOKEN", "ghp-alice-0000000000000000");
        var consumer = new ConsumerRef(ConsumerKind.Skill, "skill-1");

        Assert.Null(await _vault.Store.GetAsync(Bob, alices.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.GetForEditAsync(Bob, alices.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.UpdateAsync(Bob, alices.Id, new CredentialUpdate { Name = "mine now" }));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Forms.UpdateAsync(Bob, alices.Id, new Dictionary<string, string?> { ["token"] = "ghp-bob" }));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.PreviewDeleteAsync(Bob, alices.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.DeleteAsync(Bob, alices.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Assignments.AssignAsync(Bob, alices.Id, consumer));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Assignments.ListConsumersAsync(Bob, alices.Id));
        Assert.False(await _vault.Assignments.UnassignAsync(Bob, alices.Id, consumer));
        Assert.Null(await _vault.Store.GetByKeyAsync(Bob, "GITHUB_TOKEN", CredentialOwnership.User));

        // Nothing changed, and the owner still can.
        var view = await _vault.Store.GetAsync(Alice, alices.Id);
        Assert.Equal(alices.Version, view!.Version);
        await _vault.Assignments.AssignAsync(Alice, alices.Id, consumer);
        Assert.Empty(await _vault.Assignments.ListCredentialsAsync(Bob, consumer));
        Assert.Single(await _vault.Assignments.ListCredentialsAsync(Alice, consumer));
    }

    [Fact]
    public async Task DeletedPersonalCredential_IsRecoverableOnlyByItsOwnerOrTheAdministrator()
    {
        var alices = await CreateForAsync(Alice, "GITHUB_TOKEN", "ghp-alice-0000000000000000");
        await _vault.Store.DeleteAsync(Alice, alices.Id);

        Assert.Empty(await _vault.Deleted.ListAsync(Bob));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Deleted.RecoverAsync(Bob, alices.Id));
        Assert.False(await _vault.Deleted.PurgeAsync(Bob, alices.Id));
        Assert.Single(await _vault.Deleted.ListAsync(Alice));
        Assert.Single(await _vault.Deleted.ListAsync(Admin));

        var recovered = await _vault.Deleted.RecoverAsync(Alice, alices.Id);
        Assert.Equal("alice", recovered.OwnerUserId);
        Assert.Equal("ghp-alice-0000000000000000", (await _vault.Resolver.ResolveAsync<ApiToken>(Alice, "GITHUB_TOKEN", ResolveScope.User)).Token);
    }

    [Fact]
    public async Task Listing_DefaultsToShared_OwnFilterForTheUser_EverythingForTheAdministrator()
    {
        await _vault.Store.CreateAsync(Admin, new NewCredential("Shared", "SHARED_KEY", CredentialCategory.Runtime, new ApiToken("shared-token-0000000000")));
        await CreateForAsync(Alice, "GITHUB_TOKEN", "ghp-alice-0000000000000000");
        await CreateForAsync(Bob, "GITHUB_TOKEN", "ghp-bob-000000000000000000");

        Assert.Equal(["SHARED_KEY"], (await _vault.Store.ListAsync(Alice)).Items.Select(c => c.Key));
        Assert.Equal(["GITHUB_TOKEN"], (await _vault.Store.ListAsync(Alice, new CredentialQuery { OwnerUserId = "alice" })).Items.Select(c => c.Key));
        var all = await _vault.Store.ListAsync(Admin, new CredentialQuery { IncludeAllUsers = true, PageSize = 1 });
        var everything = await _vault.Store.ListAllAsync(Admin, new CredentialQuery { IncludeAllUsers = true, PageSize = 1 }).ToListAsync();
        Assert.Equal(["GITHUB_TOKEN/alice", "GITHUB_TOKEN/bob", "SHARED_KEY/"], everything.Select(c => $"{c.Key}/{c.OwnerUserId}"));
        Assert.NotNull(all.ContinuationToken);
        Assert.All(everything, c => Assert.StartsWith(SecretMask.Bullets, c.MaskedSummary, StringComparison.Ordinal));

        var foreign = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.ListAsync(Alice, new CredentialQuery { OwnerUserId = "bob" }));
        Assert.Equal("owner_user_id", Assert.Single(foreign.Errors).Field);
        var admin = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.ListAsync(Alice, new CredentialQuery { IncludeAllUsers = true }));
        Assert.Equal("include_all_users", Assert.Single(admin.Errors).Field);
    }

    [Fact]
    public async Task Create_ForAnotherUserInAUsersContext_IsRefused()
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => _vault.Store.CreateAsync(Alice,
            new NewCredential("Token", "K", CredentialCategory.Custom, new ApiToken("sk-0123456789")) { OwnerUserId = "bob" }));

        Assert.Equal("owner_user_id", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public async Task CreateFromTemplate_ForTheUser_MakesAPersonalCredential()
    {
        using var vault = TestVault.Create(b => b.AddTemplate(new CredentialTemplate(
            "github", "GitHub", "GitHub Token", "GITHUB_TOKEN", CredentialType.ApiToken, CredentialCategory.McpService, "d", new Uri("https://github.com"))));

        var view = await vault.Store.CreateFromTemplateAsync(Alice, "github", new ApiToken("ghp-alice-template-00000000"), ownership: CredentialOwnership.User);

        Assert.Equal("alice", view.OwnerUserId);
        await Assert.ThrowsAsync<CredentialValidationException>(() => vault.Store.CreateFromTemplateAsync(Admin, "github", new ApiToken("ghp-x-0000000000"), ownership: CredentialOwnership.User));
        var shared = await vault.Forms.CreateFromTemplateAsync(Alice, "github", new Dictionary<string, string?> { ["token"] = "ghp-shared-form-0000000000" });
        Assert.Null(shared.OwnerUserId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("user\u0000x")]
    [InlineData("user\u2028x")]
    [InlineData("user\u202Ex")]
    public void UserId_BreakingTheRule_IsRefused(string userId) =>
        Assert.Throws<ArgumentException>(() => new CredentialContext(TestVault.Acme, userId));

    [Fact]
    public void UserId_LoneSurrogateOrTooLong_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new CredentialContext(TestVault.Acme, "user-" + (char)0xD800));
        Assert.Throws<ArgumentException>(() => new CredentialContext(TestVault.Acme, new string('u', 129)));
        Assert.Equal("用户-👩‍💻", new CredentialContext(TestVault.Acme, "用户-👩‍💻").UserId);
    }

    [Fact]
    public async Task UsersCiphertext_CopiedToAnotherUsersRowOrTheSharedRow_FailsIntegrity()
    {
        var alices = await CreateForAsync(Alice, "GITHUB_TOKEN", "ghp-alice-0000000000000000");
        var bobs = await CreateForAsync(Bob, "GITHUB_TOKEN", "ghp-bob-000000000000000000");
        var shared = await _vault.Store.CreateAsync(Admin, new NewCredential("Token", "GITHUB_TOKEN", CredentialCategory.McpService, new ApiToken("ghp-shared-00000000000000")));
        var alicesRecord = (await _vault.Storage.FindByIdAsync("acme", alices.Id.Value))!;

        // The rows keep their own ids; only the envelope moves. Its owner binding (and id binding) refuses it.
        await _vault.TamperAsync(TestVault.Acme, bobs.Id, _ => alicesRecord.SealedSecret);
        await _vault.TamperAsync(TestVault.Acme, shared.Id, _ => alicesRecord.SealedSecret);
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => _vault.Resolver.ResolveAsync<ApiToken>(Bob, "GITHUB_TOKEN", ResolveScope.User));
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "GITHUB_TOKEN"));

        // Moving the owner column alone (same id, key and envelope) is caught by the owner binding.
        var sealer = _vault.Provider.GetRequiredService<CredentialSealer>();
        var relabelled = alicesRecord with { Metadata = alicesRecord.Metadata with { OwnerUserId = "bob" } };
        Assert.Throws<CredentialIntegrityException>(() => sealer.Open(relabelled));
        Assert.Throws<CredentialIntegrityException>(() => sealer.Open(alicesRecord with { Metadata = alicesRecord.Metadata with { OwnerUserId = null } }));
        Assert.Equal("ghp-alice-0000000000000000", ((ApiToken)sealer.Open(alicesRecord)).Token);
    }

    public void Dispose() => _vault.Dispose();
}
