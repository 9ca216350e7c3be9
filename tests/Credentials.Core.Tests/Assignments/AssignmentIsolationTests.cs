using FsCheck;
using FsCheck.Fluent;

namespace Credentials.Tests.Assignments;

/// <summary>No assignment or deleted-credential method reaches another organization's credential, nor tells that it exists.</summary>
public sealed class AssignmentIsolationTests : IDisposable
{
    private static readonly ConsumerRef Skill = new(ConsumerKind.Skill, "skill-1", "Research");

    private readonly TestVault _vault = TestVault.Create();

    [Fact]
    public async Task EveryAssignmentMethod_CredentialOfAnotherOrganization_BehavesAsIfItDidNotExist()
    {
        var mine = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await _vault.Assignments.AssignAsync(TestVault.Acme, mine.Id, Skill);
        var missing = CredentialId.New();

        var assignElsewhere = await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Assignments.AssignAsync(TestVault.Globex, mine.Id, Skill));
        var assignNowhere = await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Assignments.AssignAsync(TestVault.Globex, missing, Skill));
        var listElsewhere = await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Assignments.ListConsumersAsync(TestVault.Globex, mine.Id));
        var listNowhere = await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Assignments.ListConsumersAsync(TestVault.Globex, missing));
        Assert.False(await _vault.Assignments.UnassignAsync(TestVault.Globex, mine.Id, Skill));
        Assert.Empty(await _vault.Assignments.ListCredentialsAsync(TestVault.Globex, Skill));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Store.PreviewDeleteAsync(TestVault.Globex, mine.Id));

        Assert.Equal(Same(assignNowhere, missing), Same(assignElsewhere, mine.Id));
        Assert.Equal(Same(listNowhere, missing), Same(listElsewhere, mine.Id));
        Assert.Equal([Skill], await _vault.Assignments.ListConsumersAsync(TestVault.Acme, mine.Id));
        Assert.Equal([mine], await _vault.Assignments.ListCredentialsAsync(TestVault.Acme, Skill));
    }

    [Fact]
    public async Task EveryDeletedCredentialMethod_AnotherOrganization_SeesNothingAndChangesNothing()
    {
        var mine = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await _vault.Assignments.AssignAsync(TestVault.Acme, mine.Id, Skill);
        await _vault.Store.DeleteAsync(TestVault.Acme, mine.Id);

        Assert.Empty(await _vault.Deleted.ListAsync(TestVault.Globex));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => _vault.Deleted.RecoverAsync(TestVault.Globex, mine.Id));
        Assert.False(await _vault.Deleted.PurgeAsync(TestVault.Globex, mine.Id));

        Assert.Single(await _vault.Deleted.ListAsync(TestVault.Acme));
        await _vault.Deleted.RecoverAsync(TestVault.Acme, mine.Id);
        Assert.Equal([Skill], await _vault.Assignments.ListConsumersAsync(TestVault.Acme, mine.Id));
    }

    [Fact]
    public async Task SameConsumerIdInTwoOrganizations_HoldsOnlyItsOwnOrganizationsCredentials()
    {
        var acme = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        var globex = await _vault.Store.CreateAsync(TestVault.Globex, TestVault.Token());
        await _vault.Assignments.AssignAsync(TestVault.Acme, acme.Id, Skill);
        await _vault.Assignments.AssignAsync(TestVault.Globex, globex.Id, Skill);

        await _vault.Store.DeleteAsync(TestVault.Globex, globex.Id);

        Assert.Equal([acme], await _vault.Assignments.ListCredentialsAsync(TestVault.Acme, Skill));
        Assert.Empty(await _vault.Assignments.ListCredentialsAsync(TestVault.Globex, Skill));
        Assert.Equal("1 skill updated", (await _vault.Store.PreviewDeleteAsync(TestVault.Acme, acme.Id)).Summary);
    }

    /// <summary>
    /// Random assign, unassign, delete, recover and purge calls by random organizations against random credentials: every
    /// read of every organization equals a model in which only the owner's calls had an effect.
    /// </summary>
    [Fact]
    public Task RandomOperations_NeverCrossOrganizations() =>
        Task.Run(() => Prop.ForAll(Operations().ToArbitrary(), RunAsync).Check(Config.QuickThrowOnFailure.WithMaxTest(40)));

    public void Dispose() => _vault.Dispose();

    private static string Same(CredentialNotFoundException ex, CredentialId id) => ex.Message.Replace(id.ToString(), "ID", StringComparison.Ordinal);

    private static Gen<(int Owner, int Actor, int Credential, int Consumer, string Op)[]> Operations() =>
        (from owner in Gen.Choose(0, 1)
         from actor in Gen.Choose(0, 1)
         from credential in Gen.Choose(0, 2)
         from consumer in Gen.Choose(0, 2)
         from op in Gen.Elements("assign", "unassign", "delete", "recover", "purge")
         select (owner, actor, credential, consumer, op)).ArrayOf();

    private static async Task RunAsync((int Owner, int Actor, int Credential, int Consumer, string Op)[] operations)
    {
        OrganizationId[] orgs = [TestVault.Acme, TestVault.Globex];
        ConsumerRef[] consumers = [new(ConsumerKind.Skill, "c-0"), new(ConsumerKind.Runtime, "c-0"), new(ConsumerKind.LlmConfiguration, "c-2")];
        using var vault = TestVault.Create();
        var ids = new CredentialId[2, 3];
        for (var o = 0; o < 2; o++)
        {
            for (var c = 0; c < 3; c++)
            {
                ids[o, c] = (await vault.Store.CreateAsync(orgs[o], TestVault.Token("KEY_" + c))).Id;
            }
        }

        var assigned = new HashSet<(int Org, int Credential, int Consumer)>();
        var deleted = new HashSet<(int Org, int Credential)>();
        var purged = new HashSet<(int Org, int Credential)>();
        foreach (var (owner, actor, c, k, op) in operations)
        {
            var id = ids[owner, c];
            var mine = owner == actor;
            var active = !deleted.Contains((owner, c)) && !purged.Contains((owner, c));
            switch (op)
            {
                case "assign" when mine && active:
                    await vault.Assignments.AssignAsync(orgs[actor], id, consumers[k]);
                    assigned.Add((owner, c, k));
                    break;
                case "assign":
                    await Assert.ThrowsAsync<CredentialNotFoundException>(() => vault.Assignments.AssignAsync(orgs[actor], id, consumers[k]));
                    break;
                case "unassign":
                    Assert.Equal(mine && assigned.Remove((owner, c, k)), await vault.Assignments.UnassignAsync(orgs[actor], id, consumers[k]));
                    break;
                case "delete" when mine && active:
                    await vault.Store.DeleteAsync(orgs[actor], id);
                    deleted.Add((owner, c));
                    break;
                case "delete":
                    await Assert.ThrowsAsync<CredentialNotFoundException>(() => vault.Store.DeleteAsync(orgs[actor], id));
                    break;
                case "recover" when mine && deleted.Remove((owner, c)):
                    await vault.Deleted.RecoverAsync(orgs[actor], id);
                    break;
                case "recover":
                    await Assert.ThrowsAsync<CredentialNotFoundException>(() => vault.Deleted.RecoverAsync(orgs[actor], id));
                    break;
                case "purge":
                    var purges = mine && deleted.Remove((owner, c));
                    Assert.Equal(purges, await vault.Deleted.PurgeAsync(orgs[actor], id));
                    if (purges)
                    {
                        purged.Add((owner, c));
                        assigned.RemoveWhere(a => a.Org == owner && a.Credential == c);
                    }

                    break;
            }

            for (var o = 0; o < 2; o++)
            {
                for (var k2 = 0; k2 < consumers.Length; k2++)
                {
                    var expected = Enumerable.Range(0, 3)
                        .Where(c2 => assigned.Contains((o, c2, k2)) && !deleted.Contains((o, c2)))
                        .Select(c2 => ids[o, c2])
                        .ToHashSet();
                    var held = await vault.Assignments.ListCredentialsAsync(orgs[o], consumers[k2]);
                    Assert.Equal(expected, held.Select(v => v.Id).ToHashSet());
                }

                Assert.Equal(
                    Enumerable.Range(0, 3).Where(c2 => deleted.Contains((o, c2))).Select(c2 => ids[o, c2]).ToHashSet(),
                    (await vault.Deleted.ListAsync(orgs[o])).Select(d => d.Credential.Id).ToHashSet());
            }
        }
    }
}
