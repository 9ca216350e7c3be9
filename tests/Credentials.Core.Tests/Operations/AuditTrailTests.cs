using Credentials.Storage;
using Credentials.Tests.KeyManagement;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Operations;

public sealed class AuditTrailTests
{
    private static readonly OrganizationId Acme = TestVault.Acme;

    [Fact]
    public async Task Update_RecordsTheChangedFieldsByWireName_NeverTheirValues()
    {
        using var vault = TestVault.Create();
        var alice = new CredentialContext(Acme, "alice");
        var view = await vault.Store.CreateAsync(alice, new NewCredential("Mail", "SMTP_MAIN", CredentialCategory.Communication,
            new Smtp("smtp.example.com", 587, "mailer", "first-password-value", SmtpEncryption.StartTls)));

        await vault.Store.UpdateAsync(alice, view.Id, new CredentialUpdate
        {
            Name = "Mail (prod)",
            Secret = new Smtp("smtp.example.com", 587, "mailer", "second-password-value", SmtpEncryption.StartTls),
            ExpiresAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero),
        });

        var audit = vault.Provider.GetRequiredService<ICredentialAudit>();
        var page = await audit.ListAsync(Acme);
        Assert.Equal([AuditAction.Created, AuditAction.Updated], page.Items.Select(r => r.Action));
        var updated = page.Items[1];
        Assert.Equal("name,expires_at,password", updated.Details["fields"]);
        Assert.Equal("alice", updated.Actor.UserId);
        Assert.Equal("SMTP_MAIN", updated.CredentialKey);
        Assert.Equal(view.Id, updated.CredentialId);
        Assert.DoesNotContain(page.Items, r => r.Details.Values.Any(v => v.Contains("password-value", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task EveryAction_IsRecordedByItsActor_AndTheStoreWideEventsInTheStoreChain()
    {
        using var directory = new TempDirectory("credentials-audit-actions-");
        using var store = KeyFileStore.Open(directory);
        var bob = new CredentialContext(Acme, "bob");
        var view = await store.Store.CreateAsync(bob, TestVault.Token());
        var assignments = store.Services.GetRequiredService<ICredentialAssignments>();
        await assignments.AssignAsync(bob, view.Id, new ConsumerRef(ConsumerKind.Skill, "skill-7"));
        await assignments.UnassignAsync(Acme, view.Id, new ConsumerRef(ConsumerKind.Skill, "skill-7"));
        await store.Services.GetRequiredService<ICredentialChecker>().CheckAsync(bob, view.Id);
        await store.Store.DeleteAsync(bob, view.Id);
        var deleted = store.Services.GetRequiredService<IDeletedCredentials>();
        await deleted.RecoverAsync(Acme, view.Id);
        await store.Store.DeleteAsync(Acme, view.Id);
        await deleted.PurgeAsync(bob, view.Id);
        var keys = store.Services.GetRequiredService<ICredentialKeyManager>();
        var oldKey = (await keys.ListKeysAsync()).Single().Id;
        await store.Store.CreateAsync(Acme, TestVault.Token("OTHER_KEY"));
        var rotated = await keys.RotateAsync();
        await keys.RewrapAsync();
        await keys.RetireAsync(oldKey);

        var audit = store.Services.GetRequiredService<ICredentialAudit>();
        var trail = (await audit.ListAsync(Acme)).Items;
        Assert.Equal(
            [AuditAction.Created, AuditAction.Assigned, AuditAction.Unassigned, AuditAction.Checked, AuditAction.Deleted, AuditAction.Recovered,
             AuditAction.Deleted, AuditAction.Purged, AuditAction.Created],
            trail.Select(r => r.Action));
        Assert.Equal(["bob", "bob", "system", "bob", "bob", "system", "system", "bob", "system"], trail.Select(r => r.Actor.ToString()));
        Assert.Equal("skill", trail[1].Details["consumer_kind"]);
        Assert.Equal("skill-7", trail[1].Details["consumer_id"]);
        Assert.Equal("0", trail[3].Details["checks"]);

        var storeTrail = (await audit.ListStoreAsync()).Items;
        Assert.Equal([AuditAction.KeyRotated, AuditAction.RewrapRun, AuditAction.KeyRetired], storeTrail.Select(r => r.Action));
        Assert.Equal(rotated.Id, storeTrail[0].Details["key_id"]);
        Assert.Equal(oldKey, storeTrail[0].Details["previous_key_id"]);
        Assert.Equal("1", storeTrail[1].Details["rewrapped"]);
        Assert.Equal(oldKey, storeTrail[2].Details["key_id"]);
        Assert.All(storeTrail, r => Assert.Null(r.OrganizationId));
        Assert.Null(await audit.VerifyAsync(Acme));
        Assert.Null(await audit.VerifyStoreAsync());
    }

    [Fact]
    public async Task AuditKey_SurvivesRotationAndRetirementOfTheKeyItWasFirstWrappedUnder()
    {
        using var directory = new TempDirectory("credentials-audit-key-");
        string oldKey;
        using (var first = Open(directory))
        {
            await first.GetRequiredService<ICredentialStore>().CreateAsync(Acme, TestVault.Token());
            var keys = first.GetRequiredService<ICredentialKeyManager>();
            oldKey = (await keys.ListKeysAsync()).Single().Id;
            await keys.RotateAsync();
            await keys.RewrapAsync();
            await keys.RetireAsync(oldKey);
        }

        // A new process: the old key's material is gone from the stored ring, so only the new key's wrap opens the audit key.
        using var second = Open(directory);
        var keysNow = await second.GetRequiredService<ICredentialKeyManager>().ListKeysAsync();
        Assert.True(keysNow.Single(k => k.Id == oldKey).IsRetired);
        var audit = second.GetRequiredService<ICredentialAudit>();
        Assert.Null(await audit.VerifyAsync(Acme));
        Assert.Null(await audit.VerifyStoreAsync());
        await second.GetRequiredService<ICredentialStore>().CreateAsync(Acme, TestVault.Token("SECOND_KEY"));
        Assert.Equal(2, (await audit.ListAsync(Acme)).Items.Count);
        Assert.Null(await audit.VerifyAsync(Acme));
    }

    [Fact]
    public async Task AuditKey_IsWrappedUnderTheKeysNotStoredInTheClear()
    {
        using var vault = TestVault.Create();
        await vault.Store.CreateAsync(Acme, TestVault.Token());
        var signer = await vault.Provider.GetRequiredService<AuditKey>().GetSignerAsync(CancellationToken.None);

        var settings = await vault.Storage.ListSettingsAsync(AuditKey.SettingName);
        var setting = Assert.Single(settings);
        Assert.False(setting.Value.AsSpan().IndexOf(signer.Key) >= 0);
    }

    [Fact]
    public async Task ListAsync_FiltersByCredentialActorActionAndTime_AndPagesNewestFirst()
    {
        using var vault = TestVault.Create();
        var a = await vault.Store.CreateAsync(new CredentialContext(Acme, "alice"), TestVault.Token("A_KEY"));
        var b = await vault.Store.CreateAsync(Acme, TestVault.Token("B_KEY"));
        await vault.Store.UpdateAsync(new CredentialContext(Acme, "alice"), b.Id, new CredentialUpdate { Name = "B2" });
        await vault.Store.DeleteAsync(Acme, a.Id);
        var audit = vault.Provider.GetRequiredService<ICredentialAudit>();

        Assert.Equal(new long[] { 1, 4 }, (await audit.ListAsync(Acme, new AuditQuery { CredentialId = a.Id })).Items.Select(r => r.Sequence));
        Assert.Equal(new long[] { 1, 3 }, (await audit.ListAsync(Acme, new AuditQuery { Actor = AuditActor.User("alice") })).Items.Select(r => r.Sequence));
        Assert.Equal(new long[] { 2, 4 }, (await audit.ListAsync(Acme, new AuditQuery { Actor = AuditActor.System })).Items.Select(r => r.Sequence));
        Assert.Equal(new long[] { 3 }, (await audit.ListAsync(Acme, new AuditQuery { Action = AuditAction.Updated })).Items.Select(r => r.Sequence));
        Assert.Empty((await audit.ListAsync(Acme, new AuditQuery { To = DateTimeOffset.UnixEpoch })).Items);

        var first = await audit.ListAsync(Acme, new AuditQuery { NewestFirst = true, PageSize = 3 });
        Assert.Equal([4L, 3L, 2L], first.Items.Select(r => r.Sequence));
        var second = await audit.ListAsync(Acme, new AuditQuery { NewestFirst = true, PageSize = 3, ContinuationToken = first.ContinuationToken });
        Assert.Equal([1L], second.Items.Select(r => r.Sequence));
        Assert.Null(second.ContinuationToken);
        Assert.Empty((await audit.ListAsync(TestVault.Globex)).Items);
        await Assert.ThrowsAsync<CredentialValidationException>(() => audit.ListAsync(Acme, new AuditQuery { ContinuationToken = "not a token" }));
    }

    [Fact]
    public async Task Resolves_AreNotAudited()
    {
        using var vault = TestVault.Create();
        await vault.Store.CreateAsync(Acme, TestVault.Token());
        for (var i = 0; i < 20; i++)
        {
            await vault.Resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY");
        }

        Assert.Single((await vault.Provider.GetRequiredService<ICredentialAudit>().ListAsync(Acme)).Items);
    }

    [Fact]
    public async Task FailedWrite_LeavesNoRecord()
    {
        using var vault = TestVault.Create();
        var view = await vault.Store.CreateAsync(Acme, TestVault.Token());
        await Assert.ThrowsAsync<CredentialConflictException>(() => vault.Store.CreateAsync(Acme, TestVault.Token()));
        await Assert.ThrowsAsync<CredentialConcurrencyException>(() => vault.Store.UpdateAsync(Acme, view.Id, new CredentialUpdate { Name = "x", ExpectedVersion = 7 }));

        Assert.Single((await vault.Provider.GetRequiredService<ICredentialAudit>().ListAsync(Acme)).Items);
    }

    private static ServiceProvider Open(TempDirectory directory) =>
        new ServiceCollection().AddCredentials().UseSqlite("Data Source=" + directory.File("store.db"))
            .UsePassphrase("an audit test passphrase", PassphraseTests.Cheap).Services.BuildServiceProvider();
}
