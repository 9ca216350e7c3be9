using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Credentials.Storage.Sqlite;

/// <summary>Assignments and soft delete through a real vault on a SQLite file, across a restart of the "process".</summary>
public sealed class SqliteSoftDeleteVaultTests : IDisposable
{
    private static readonly OrganizationId Acme = new("acme");
    private static readonly ConsumerRef Llm = new(ConsumerKind.LlmConfiguration, "llm-1", "Prod chat");
    private static readonly ConsumerRef Skill = new(ConsumerKind.Skill, "skill-1", "Research");

    private readonly TempDatabase _database = new();
    private readonly byte[] _masterKey = RandomNumberGenerator.GetBytes(32);

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task DeletedCredential_SurvivesARestart_AndRecoversWithItsSecretAndAssignments()
    {
        var secret = new ApiToken("sk-survives-restart-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8)));
        CredentialView credential;
        await using (var first = VaultHost.Start(_database.ConnectionString, _masterKey))
        {
            credential = await first.Store.CreateAsync(Acme, new NewCredential("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, secret));
            await first.Assignments.AssignAsync(Acme, credential.Id, Llm);
            await first.Assignments.AssignAsync(Acme, credential.Id, Skill);
            Assert.Equal("1 LLM config unlinked, 1 skill updated", (await first.Store.DeleteAsync(Acme, credential.Id)).Summary);
        }

        SqliteConnection.ClearAllPools();

        await using var second = VaultHost.Start(_database.ConnectionString, _masterKey);
        Assert.Null(await second.Resolver.TryResolveAsync(Acme, "OPENAI_API_KEY"));
        Assert.Equal(credential, Assert.Single(await second.Deleted.ListAsync(Acme)).Credential);
        await second.Deleted.RecoverAsync(Acme, credential.Id);
        Assert.Equal(secret, await second.Resolver.ResolveAsync<ApiToken>(Acme, "OPENAI_API_KEY"));
        Assert.Equal([Llm, Skill], await second.Assignments.ListConsumersAsync(Acme, credential.Id));
    }

    [Fact]
    public async Task DeletedCredential_StaysSealedInTheFile()
    {
        var marker = "SECRET-MARKER-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
        await using var vault = VaultHost.Start(_database.ConnectionString, _masterKey);
        var credential = await vault.Store.CreateAsync(Acme, new NewCredential("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken(marker)));
        await vault.Store.DeleteAsync(Acme, credential.Id);

        using var connection = _database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT sealed FROM deleted_credentials;";
        var sealedBytes = (byte[])command.ExecuteScalar()!;

        Assert.Empty(LeakScanner.Find(sealedBytes, marker));
        Assert.Empty(LeakScanner.Find(sealedBytes, "SECRET-MARKER-"));
    }

    [Fact]
    public async Task PurgedCredential_LeavesNoRowBehind()
    {
        await using var vault = VaultHost.Start(_database.ConnectionString, _masterKey);
        var credential = await vault.Store.CreateAsync(Acme, new NewCredential("OpenAI", "OPENAI_API_KEY", CredentialCategory.LlmProvider, new ApiToken("sk-purge-me-0000000000")));
        await vault.Assignments.AssignAsync(Acme, credential.Id, Skill);
        await vault.Store.DeleteAsync(Acme, credential.Id);

        Assert.True(await vault.Deleted.PurgeAsync(Acme, credential.Id));

        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM deleted_credentials;"));
        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM credential_assignments;"));
        Assert.Equal(0L, _database.Scalar("SELECT COUNT(*) FROM credentials;"));
    }
}
