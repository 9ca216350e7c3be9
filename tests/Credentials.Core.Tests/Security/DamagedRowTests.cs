using Credentials.Tests.KeyManagement;
using Microsoft.Data.Sqlite;

namespace Credentials.Tests.Security;

/// <summary>
/// Security review finding 13: a tampered id column made resolve and list throw <see cref="InvalidOperationException"/>
/// and broke the whole organization's listing. Now that credential fails its integrity check, and the others resolve.
/// </summary>
public sealed class DamagedRowTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-damaged-");

    [Theory]
    [InlineData("not-a-guid")]
    [InlineData("")]
    [InlineData("0123456789abcdef0123456789abcdeZ")]
    public async Task TamperedIdColumn_IsAnIntegrityErrorForThatCredentialOnly(string damagedId)
    {
        using var store = KeyFileStore.Open(_directory);
        await store.Store.CreateAsync(TestVault.Acme, TestVault.Token("DAMAGED", "sk-damaged-row-0000000000"));
        await store.Store.CreateAsync(TestVault.Acme, TestVault.Token("HEALTHY", "sk-healthy-row-0000000000"));
        Execute($"UPDATE credentials SET id = '{damagedId}' WHERE key = 'DAMAGED';");

        var resolve = await Assert.ThrowsAsync<CredentialIntegrityException>(() => store.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "DAMAGED"));
        var list = await Assert.ThrowsAsync<CredentialIntegrityException>(() => store.Store.ListAsync(TestVault.Acme));

        Assert.Contains("DAMAGED", resolve.Message, StringComparison.Ordinal);
        Assert.Contains("DAMAGED", list.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-", resolve.Message + list.Message, StringComparison.Ordinal);
        Assert.Equal("sk-healthy-row-0000000000", (await store.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "HEALTHY")).Token);
        Assert.Single((await store.Store.ListAsync(TestVault.Acme, new CredentialQuery { Text = "HEALTHY" })).Items);
    }

    private void Execute(string sql)
    {
        using var connection = new SqliteConnection("Data Source=" + _directory.File("store.db"));
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _directory.Dispose();
}
