using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.Vault;

/// <summary>One organization can never read, list, update or delete another's credential, nor learn that it exists.</summary>
public sealed class OrganizationIsolationTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();

    [Fact]
    public async Task OtherOrganization_CannotReachCredentialById()
    {
        var mine = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("ACME_KEY"));

        Assert.Null(await _vault.Store.GetAsync(TestVault.Globex, mine.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.GetForEditAsync(TestVault.Globex, mine.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.UpdateAsync(TestVault.Globex, mine.Id, new CredentialUpdate { Name = "stolen" }));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.PreviewDeleteAsync(TestVault.Globex, mine.Id));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.DeleteAsync(TestVault.Globex, mine.Id));
        Assert.Null(await _vault.Resolver.TryResolveAsync(TestVault.Globex, "ACME_KEY"));
        Assert.Empty((await _vault.Store.ListAsync(TestVault.Globex)).Items);

        Assert.Equal(mine, await _vault.Store.GetAsync(TestVault.Acme, mine.Id));
    }

    [Fact]
    public async Task NotFoundMessages_AreTheSameWhetherOrNotAnotherOrganizationHasIt()
    {
        var mine = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("ACME_KEY"));
        var missing = CredentialId.New();

        var existsElsewhere = await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.GetForEditAsync(TestVault.Globex, mine.Id));
        var existsNowhere = await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.GetForEditAsync(TestVault.Globex, missing));

        Assert.Equal(existsNowhere.Message.Replace(missing.ToString(), "ID", StringComparison.Ordinal), existsElsewhere.Message.Replace(mine.Id.ToString(), "ID", StringComparison.Ordinal));
    }

    [Property(MaxTest = 30)]
    public Property RandomOperations_NeverCrossOrganizations()
    {
        var orgs = new[] { TestVault.Acme, TestVault.Globex, new OrganizationId("initech") };
        var operation =
            from org in Gen.Elements(0, 1, 2)
            from actor in Gen.Elements(0, 1, 2)
            from keyIndex in Gen.Choose(0, 5)
            from op in Gen.Elements("create", "update", "delete", "resolve")
            select (Org: org, Actor: actor, KeyIndex: keyIndex, Op: op);

        return Prop.ForAll(operation.ListOf().ToArbitrary(), ops =>
        {
            using var vault = TestVault.Create();
            var model = new Dictionary<(int Org, string Key), (CredentialId Id, string Secret)>();
            foreach (var (org, actor, keyIndex, op) in ops)
            {
                var key = "KEY_" + keyIndex;
                var secret = $"secret-of-org-{org}-{Guid.NewGuid():N}";
                switch (op)
                {
                    case "create" when !model.ContainsKey((org, key)):
                        var view = vault.Store.CreateAsync(orgs[org], TestVault.Token(key, secret)).GetAwaiter().GetResult();
                        model[(org, key)] = (view.Id, secret);
                        break;
                    case "update" when model.TryGetValue((org, key), out var entry):
                        // The actor may be another organization: then it must fail and change nothing.
                        if (actor == org)
                        {
                            vault.Store.UpdateAsync(orgs[actor], entry.Id, new CredentialUpdate { Secret = new ApiToken(secret) }).GetAwaiter().GetResult();
                            model[(org, key)] = (entry.Id, secret);
                        }
                        else
                        {
                            Assert.Throws<CredentialNotFoundException>(() => { vault.Store.UpdateAsync(orgs[actor], entry.Id, new CredentialUpdate { Secret = new ApiToken(secret) }).GetAwaiter().GetResult(); });
                        }

                        break;
                    case "delete" when model.TryGetValue((org, key), out var entry):
                        if (actor == org)
                        {
                            vault.Store.DeleteAsync(orgs[actor], entry.Id).GetAwaiter().GetResult();
                            model.Remove((org, key));
                        }
                        else
                        {
                            Assert.Throws<CredentialNotFoundException>(() => { vault.Store.DeleteAsync(orgs[actor], entry.Id).GetAwaiter().GetResult(); });
                        }

                        break;
                }

                for (var o = 0; o < orgs.Length; o++)
                {
                    var resolved = vault.Resolver.TryResolveAsync(orgs[o], key).GetAwaiter().GetResult() as ApiToken;
                    Assert.Equal(model.TryGetValue((o, key), out var expected) ? expected.Secret : null, resolved?.Token);
                    var listed = vault.Store.ListAsync(orgs[o], new CredentialQuery { PageSize = 500 }).GetAwaiter().GetResult().Items.Select(v => v.Id).ToHashSet();
                    Assert.Equal(model.Where(m => m.Key.Org == o).Select(m => m.Value.Id).ToHashSet(), listed);
                }
            }
        });
    }

    public void Dispose() => _vault.Dispose();
}
