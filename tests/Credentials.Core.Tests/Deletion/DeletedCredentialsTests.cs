using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credentials.Tests.Deletion;

public sealed class DeletedCredentialsTests : IDisposable
{
    private static readonly ConsumerRef Llm = new(ConsumerKind.LlmConfiguration, "llm-1", "Prod chat");
    private static readonly ConsumerRef Skill = new(ConsumerKind.Skill, "skill-1", "Research");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly TestVault _vault;

    public DeletedCredentialsTests() => _vault = TestVault.Create(time: _time);

    [Fact]
    public async Task Delete_CredentialNoLongerResolvesListsOrOpensButIsListedAsDeleted()
    {
        var credential = await CreateAsync();

        await _vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        Assert.Null(await _vault.Resolver.TryResolveAsync(TestVault.Acme, credential.Key));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, credential.Key));
        Assert.Null(await _vault.Store.GetAsync(TestVault.Acme, credential.Id));
        Assert.Empty((await _vault.Store.ListAsync(TestVault.Acme)).Items);
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.GetForEditAsync(TestVault.Acme, credential.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.UpdateAsync(TestVault.Acme, credential.Id, new CredentialUpdate { Name = "x" }));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.DeleteAsync(TestVault.Acme, credential.Id));

        var deleted = Assert.Single(await _vault.Deleted.ListAsync(TestVault.Acme));
        Assert.Equal(credential, deleted.Credential);
        Assert.Equal(_time.GetUtcNow(), deleted.DeletedAt);
        Assert.Equal(_time.GetUtcNow().AddDays(30), deleted.ScheduledPurgeAt);
    }

    [Fact]
    public async Task Delete_FreesTheKeyForANewCredential()
    {
        var old = await CreateAsync(token: "sk-old-0000000000000000");
        await _vault.Store.DeleteAsync(TestVault.Acme, old.Id);

        var replacement = await CreateAsync(token: "sk-new-0000000000000000");

        Assert.Equal("sk-new-0000000000000000", (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY")).Token);
        Assert.NotEqual(old.Id, replacement.Id);
        Assert.Single(await _vault.Deleted.ListAsync(TestVault.Acme));
    }

    [Fact]
    public async Task Recover_RestoresTheCredentialItsSecretAndItsAssignments()
    {
        var credential = await CreateAsync(token: "sk-recover-me-000000000");
        await _vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, Llm);
        await _vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, Skill);
        await _vault.Store.DeleteAsync(TestVault.Acme, credential.Id);
        _time.Advance(TimeSpan.FromDays(29));

        var recovered = await _vault.Deleted.RecoverAsync(TestVault.Acme, credential.Id);

        Assert.Equal(credential, recovered);
        Assert.Equal(credential, await _vault.Store.GetAsync(TestVault.Acme, credential.Id));
        Assert.Equal("sk-recover-me-000000000", (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, credential.Key)).Token);
        Assert.Equal([Llm, Skill], await _vault.Assignments.ListConsumersAsync(TestVault.Acme, credential.Id));
        Assert.Equal([credential], await _vault.Assignments.ListCredentialsAsync(TestVault.Acme, Skill));
        Assert.Empty(await _vault.Deleted.ListAsync(TestVault.Acme));
        Assert.Equal("1 LLM config unlinked, 1 skill updated", (await _vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id)).Summary);
    }

    [Fact]
    public async Task Recover_ThenEdit_WorksWithTheSameVersion()
    {
        var credential = await CreateAsync();
        await _vault.Store.DeleteAsync(TestVault.Acme, credential.Id);
        await _vault.Deleted.RecoverAsync(TestVault.Acme, credential.Id);

        var edited = await _vault.Store.UpdateAsync(TestVault.Acme, credential.Id, new CredentialUpdate { Name = "Renamed", ExpectedVersion = credential.Version });

        Assert.Equal(credential.Version + 1, edited.Version);
    }

    [Fact]
    public async Task Recover_KeyTakenByANewCredential_ThrowsConflictNamingTheKeyAndChangesNothing()
    {
        var old = await CreateAsync(token: "sk-old-0000000000000000");
        await _vault.Store.DeleteAsync(TestVault.Acme, old.Id);
        await CreateAsync(token: "sk-new-0000000000000000");

        var ex = await Assert.ThrowsAsync<CredentialConflictException>(() => _vault.Deleted.RecoverAsync(TestVault.Acme, old.Id));

        Assert.Contains("'OPENAI_API_KEY'", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-", ex.Message, StringComparison.Ordinal);
        Assert.Equal("sk-new-0000000000000000", (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY")).Token);
        Assert.Equal(old.Id, Assert.Single(await _vault.Deleted.ListAsync(TestVault.Acme)).Credential.Id);
    }

    [Fact]
    public async Task Recover_AfterTheNewCredentialIsRenamed_Succeeds()
    {
        var old = await CreateAsync(token: "sk-old-0000000000000000");
        await _vault.Store.DeleteAsync(TestVault.Acme, old.Id);
        var newcomer = await CreateAsync(token: "sk-new-0000000000000000");
        await _vault.Store.UpdateAsync(TestVault.Acme, newcomer.Id, new CredentialUpdate { Key = "OPENAI_API_KEY_2" });

        await _vault.Deleted.RecoverAsync(TestVault.Acme, old.Id);

        Assert.Equal("sk-old-0000000000000000", (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY")).Token);
        Assert.Equal("sk-new-0000000000000000", (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY_2")).Token);
    }

    [Fact]
    public async Task Recover_ActiveOrUnknownCredential_ThrowsNotFound()
    {
        var active = await CreateAsync();

        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Deleted.RecoverAsync(TestVault.Acme, active.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Deleted.RecoverAsync(TestVault.Acme, CredentialId.New()));
    }

    [Fact]
    public async Task Purge_RemovesTheCredentialAndItsAssignmentsForGood()
    {
        var credential = await CreateAsync();
        await _vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, Skill);
        await _vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        Assert.True(await _vault.Deleted.PurgeAsync(TestVault.Acme, credential.Id));

        Assert.Empty(await _vault.Deleted.ListAsync(TestVault.Acme));
        Assert.Empty(await _vault.Storage.ListAssignmentsAsync("acme", credential.Id.Value));
        Assert.Null(await _vault.Storage.FindDeletedAsync("acme", credential.Id.Value));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Deleted.RecoverAsync(TestVault.Acme, credential.Id));
        Assert.False(await _vault.Deleted.PurgeAsync(TestVault.Acme, credential.Id));
        Assert.Empty(await _vault.Storage.CountByKeyIdAsync());
    }

    [Fact]
    public async Task Purge_ActiveCredential_ReturnsFalseAndKeepsIt()
    {
        var credential = await CreateAsync();

        Assert.False(await _vault.Deleted.PurgeAsync(TestVault.Acme, credential.Id));

        Assert.NotNull(await _vault.Store.GetAsync(TestVault.Acme, credential.Id));
    }

    [Fact]
    public async Task Retention_Passed_NotListedNotRecoverableAndPurgedByPurgeExpired()
    {
        var early = await CreateAsync("EARLY_KEY");
        var late = await CreateAsync("LATE_KEY");
        await _vault.Assignments.AssignAsync(TestVault.Acme, early.Id, Skill);
        await _vault.Store.DeleteAsync(TestVault.Acme, early.Id);
        _time.Advance(TimeSpan.FromDays(10));
        await _vault.Store.DeleteAsync(TestVault.Acme, late.Id);

        _time.Advance(TimeSpan.FromDays(20) - TimeSpan.FromTicks(10));
        Assert.Equal(0, await _vault.Deleted.PurgeExpiredAsync());
        Assert.Equal(2, (await _vault.Deleted.ListAsync(TestVault.Acme)).Count);

        _time.Advance(TimeSpan.FromTicks(10));
        Assert.Equal([late.Id], (await _vault.Deleted.ListAsync(TestVault.Acme)).Select(d => d.Credential.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Deleted.RecoverAsync(TestVault.Acme, early.Id));
        Assert.NotNull(await _vault.Storage.FindDeletedAsync("acme", early.Id.Value));

        Assert.Equal(1, await _vault.Deleted.PurgeExpiredAsync());
        Assert.Null(await _vault.Storage.FindDeletedAsync("acme", early.Id.Value));
        Assert.Empty(await _vault.Storage.ListAssignmentsAsync("acme", early.Id.Value));
        Assert.NotNull(await _vault.Deleted.RecoverAsync(TestVault.Acme, late.Id));
    }

    [Fact]
    public async Task PurgeExpired_CoversEveryOrganization()
    {
        var acme = await CreateAsync();
        var globex = await _vault.Store.CreateAsync(TestVault.Globex, TestVault.Token());
        await _vault.Store.DeleteAsync(TestVault.Acme, acme.Id);
        await _vault.Store.DeleteAsync(TestVault.Globex, globex.Id);
        _time.Advance(TimeSpan.FromDays(31));

        Assert.Equal(2, await _vault.Deleted.PurgeExpiredAsync());
    }

    [Fact]
    public async Task DeletedRetention_Configured_SetsTheScheduledPurge()
    {
        using var vault = TestVault.Create(time: _time, options: o => o.DeletedRetention = TimeSpan.FromHours(1));
        var credential = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        Assert.Equal(_time.GetUtcNow().AddHours(1), Assert.Single(await vault.Deleted.ListAsync(TestVault.Acme)).ScheduledPurgeAt);
        _time.Advance(TimeSpan.FromHours(1));
        Assert.Empty(await vault.Deleted.ListAsync(TestVault.Acme));
    }

    [Fact]
    public void DeletedRetention_DefaultsToThirtyDays()
    {
        Assert.Equal(TimeSpan.FromDays(30), new CredentialsOptions().DeletedRetention);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(3651 * 24)]
    public async Task DeletedRetention_OutOfRange_FailsHostStartNamingTheSetting(int hours)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddCredentials(o => o.DeletedRetention = TimeSpan.FromHours(hours)).UseInMemoryStorage().UseMasterKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("DeletedRetention", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeletedViews_CarryNoSecret()
    {
        var credential = await CreateAsync(token: "sk-never-in-a-deleted-view-0");
        await _vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        var text = string.Join("|", await _vault.Deleted.ListAsync(TestVault.Acme));

        Assert.Contains("OPENAI_API_KEY", text, StringComparison.Ordinal);
        Assert.DoesNotContain("never-in-a-deleted-view", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_SealedBytesAreKeptUnchangedUntilPurge()
    {
        var credential = await CreateAsync();
        var before = await _vault.Storage.FindByIdAsync("acme", credential.Id.Value);
        await _vault.Store.DeleteAsync(TestVault.Acme, credential.Id);
        await _vault.Deleted.RecoverAsync(TestVault.Acme, credential.Id);

        var after = await _vault.Storage.FindByIdAsync("acme", credential.Id.Value);

        Assert.Equal(before!.SealedSecret, after!.SealedSecret);
        Assert.Equal(before.KeyId, after.KeyId);
    }

    public void Dispose() => _vault.Dispose();

    private Task<CredentialView> CreateAsync(string key = "OPENAI_API_KEY", string token = "sk-test-0123456789abcdef") =>
        _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token(key, token));
}
