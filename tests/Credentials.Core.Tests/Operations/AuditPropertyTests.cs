using System.Security.Cryptography;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Operations;

/// <summary>
/// Issue 18, "must be true": over random operations the trail lists exactly the operations performed, in order, with no
/// secret in any field; deleting or editing any one record in the SQLite file is reported by <c>VerifyAsync</c> at that
/// record.
/// </summary>
public sealed class AuditPropertyTests
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
                AuditScenario.Sequences(25).ToArbitrary(),
                Gen.Elements(Enum.GetValues<Tamper>()).ToArbitrary(),
                Gen.Choose(0, 1000).ToArbitrary(),
                (steps, tamper, pick) => RunAsync(steps, tamper, pick))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(30)));

    private static async Task RunAsync(AuditScenario.Step[] steps, Tamper tamper, int pick)
    {
        using var directory = new TempDirectory("credentials-audit-");
        var file = directory.File("vault.db");
        using var provider = new ServiceCollection()
            .AddCredentials().UseSqlite("Data Source=" + file).UseMasterKey(RandomNumberGenerator.GetBytes(32))
            .Services.BuildServiceProvider();
        var audit = provider.GetRequiredService<ICredentialAudit>();

        var (expected, secrets) = await AuditScenario.RunAsync(provider, steps);
        var trail = await AuditScenario.ListAllAsync(audit);
        AuditScenario.AssertTrail(expected, trail, secrets);
        Assert.Null(await audit.VerifyAsync(AuditScenario.Org));
        if (trail.Count == 0)
        {
            return;
        }

        var sequence = trail[pick % trail.Count].Sequence;
        Execute(file, TamperSql(tamper), sequence);

        var broken = await audit.VerifyAsync(AuditScenario.Org);
        Assert.NotNull(broken);
        Assert.Equal(sequence, broken.Sequence);
        Assert.Equal(tamper is Tamper.Delete or Tamper.MoveToAnotherChain ? AuditBreakKind.Missing : AuditBreakKind.Altered, broken.Kind);
    }

    internal static string TamperSql(Tamper tamper) => tamper switch
    {
        Tamper.Delete => "DELETE FROM audit_log WHERE org_id = 'acme' AND sequence = $n;",
        Tamper.EditDetails => "UPDATE audit_log SET details = '{\"fields\":\"name\"}' || details WHERE org_id = 'acme' AND sequence = $n;",
        Tamper.EditAction => "UPDATE audit_log SET action = CASE action WHEN 'deleted' THEN 'updated' ELSE 'deleted' END WHERE org_id = 'acme' AND sequence = $n;",
        Tamper.EditActor => "UPDATE audit_log SET actor_user_id = CASE WHEN actor_user_id = 'mallory' THEN NULL ELSE 'mallory' END WHERE org_id = 'acme' AND sequence = $n;",
        Tamper.EditTime => "UPDATE audit_log SET at = at - 10000000 WHERE org_id = 'acme' AND sequence = $n;",
        Tamper.EditKey => "UPDATE audit_log SET credential_key = 'OTHER_KEY' WHERE org_id = 'acme' AND sequence = $n;",
        Tamper.EditCredentialId => "UPDATE audit_log SET credential_id = '00000000000000000000000000000001' WHERE org_id = 'acme' AND sequence = $n;",
        Tamper.EditMac => "UPDATE audit_log SET mac = zeroblob(32) WHERE org_id = 'acme' AND sequence = $n;",
        _ => "UPDATE audit_log SET org_id = 'globex' WHERE org_id = 'acme' AND sequence = $n;",
    };

    private static void Execute(string file, string sql, long sequence)
    {
        using var connection = new SqliteConnection("Data Source=" + file + ";Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$n", sequence);
        Assert.Equal(1, command.ExecuteNonQuery());
    }
}
