using System.Security.Cryptography;
using Credentials.Storage.Postgres.Testing;
using Credentials.Tests.Operations;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Storage.Postgres;

/// <summary>
/// Issue 18, "must be true", on PostgreSQL: over random operations the trail lists exactly the operations performed, in
/// order, with no secret in any field; deleting or editing any one record of the <c>audit_log</c> table is reported by
/// <c>VerifyAsync</c> at that record. Plus the chain under concurrent writers of two instances.
/// </summary>
[RequiresPostgres]
public sealed class PostgresAuditTests
{
    public enum Tamper
    {
        Delete,
        EditDetails,
        EditAction,
        EditActor,
        EditTime,
        EditKey,
        EditCredentialId,
        EditMac,
        MoveToAnotherChain,
    }

    [Fact]
    public Task RandomOperations_TrailListsThemInOrder_AndAnyTamperedRecordIsFoundAtItsPosition() =>
        Task.Run(() => Prop.ForAll(
                AuditScenario.Sequences(20).ToArbitrary(),
                Gen.Elements(Enum.GetValues<Tamper>()).ToArbitrary(),
                Gen.Choose(0, 1000).ToArbitrary(),
                (steps, tamper, pick) => RunAsync(steps, tamper, pick))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(15)));

    [Fact]
    public async Task TwoInstances_WritingAtOnce_KeepOneUnbrokenChain()
    {
        await using var schema = new TestSchema();
        var key = RandomNumberGenerator.GetBytes(32);
        await using var a = PostgresVault.Start(schema.Name, b => b.UseMasterKey(key));
        await using var b = PostgresVault.Start(schema.Name, b => b.UseMasterKey(key));
        await a.Store.CreateAsync(AuditScenario.Org, new NewCredential("Warm", "WARM_KEY", CredentialCategory.Custom, new ApiToken("sk-warm-0123456789")));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            (i % 2 == 0 ? a : b).Store.CreateAsync(AuditScenario.Org, new NewCredential($"Key {i}", $"KEY_{i}", CredentialCategory.Custom, new ApiToken($"sk-race-{i:D4}-0123456789"))))));

        var audit = Services(a).GetRequiredService<ICredentialAudit>();
        var trail = await AuditScenario.ListAllAsync(audit);
        Assert.Equal(21, trail.Count);
        Assert.Equal(Enumerable.Range(1, 21).Select(i => (long)i), trail.Select(r => r.Sequence));
        Assert.Null(await audit.VerifyAsync(AuditScenario.Org));
        Assert.Null(await Services(b).GetRequiredService<ICredentialAudit>().VerifyAsync(AuditScenario.Org));
    }

    private static async Task RunAsync(AuditScenario.Step[] steps, Tamper tamper, int pick)
    {
        await using var schema = new TestSchema();
        await using var vault = PostgresVault.Start(schema.Name, b => b.UseMasterKey(RandomNumberGenerator.GetBytes(32)));
        var services = Services(vault);
        var audit = services.GetRequiredService<ICredentialAudit>();

        var (expected, secrets) = await AuditScenario.RunAsync(services, steps);
        var trail = await AuditScenario.ListAllAsync(audit);
        AuditScenario.AssertTrail(expected, trail, secrets);
        Assert.Null(await audit.VerifyAsync(AuditScenario.Org));
        if (trail.Count == 0)
        {
            return;
        }

        var sequence = trail[pick % trail.Count].Sequence;
        var table = $"\"{schema.Name}\".audit_log";
        var where = $" WHERE org_id = 'acme' AND sequence = {sequence}";
        var sql = tamper switch
        {
            Tamper.Delete => $"DELETE FROM {table}{where}",
            // A value no operation writes: a rename's own record already says {"fields":"name"}, and an "edit" to the same
            // value is no edit (FsCheck found that one).
            Tamper.EditDetails => $"UPDATE {table} SET details = '{{\"fields\":\"tampered-by-test\"}}'{where}",
            Tamper.EditAction => $"UPDATE {table} SET action = CASE action WHEN 'deleted' THEN 'updated' ELSE 'deleted' END{where}",
            Tamper.EditActor => $"UPDATE {table} SET actor_user_id = CASE WHEN actor_user_id = 'mallory' THEN NULL ELSE 'mallory' END{where}",
            Tamper.EditTime => $"UPDATE {table} SET at = at - interval '1 second'{where}",
            Tamper.EditKey => $"UPDATE {table} SET credential_key = 'OTHER_KEY'{where}",
            Tamper.EditCredentialId => $"UPDATE {table} SET credential_id = '00000000-0000-0000-0000-000000000001'{where}",
            Tamper.EditMac => $"UPDATE {table} SET mac = decode(repeat('00', 32), 'hex'){where}",
            _ => $"UPDATE {table} SET org_id = 'globex'{where}",
        };
        await TestSchema.ScalarAsync(sql);

        var broken = await audit.VerifyAsync(AuditScenario.Org);
        Assert.NotNull(broken);
        Assert.Equal(sequence, broken.Sequence);
        Assert.Equal(tamper is Tamper.Delete or Tamper.MoveToAnotherChain ? AuditBreakKind.Missing : AuditBreakKind.Altered, broken.Kind);
    }

    private static IServiceProvider Services(PostgresVault vault) => vault.Services;
}
