using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.DependencyInjection;

public sealed class MasterKeyOverloadTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-masterkey-");

    [Fact]
    public async Task UseMasterKey_Base64AndBytesOfTheSameKey_OpenTheSameStore()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var database = "Data Source=" + _directory.File("store.db");
        using (var first = new ServiceCollection().AddCredentials().UseSqlite(database).UseMasterKey(key).Services.BuildServiceProvider())
        {
            await first.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());
        }

        using var second = new ServiceCollection().AddCredentials().UseSqlite(database).UseMasterKey(" " + Convert.ToBase64String(key) + "\n").Services.BuildServiceProvider();

        Assert.NotNull(await second.GetRequiredService<ICredentialResolver>().TryResolveAsync(TestVault.Acme, "OPENAI_API_KEY"));
    }

    [Theory]
    [InlineData("not base64 at all!", "is not valid base64")]
    [InlineData("AAECAwQFBgcICQoLDA0ODw==", "it decodes to 16 bytes")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "one repeated byte")]
    public void UseMasterKey_BadBase64_ThrowsWithoutQuotingIt(string base64, string expected)
    {
        var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddCredentials().UseMasterKey(base64));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(base64.Trim(), ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UseMasterKey_Factory_IsCalledOnceWithTheHostsServicesAndItsArrayCleared()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var returned = new List<byte[]>();
        var services = new ServiceCollection();
        services.AddSingleton(new KeySource(key));
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(sp =>
        {
            var copy = sp.GetRequiredService<KeySource>().Key.ToArray();
            returned.Add(copy);
            return copy;
        });
        using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token());
        await provider.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(TestVault.Acme, "OPENAI_API_KEY");

        var array = Assert.Single(returned);
        Assert.All(array, b => Assert.Equal(0, b));
    }

    [Fact]
    public async Task UseMasterKey_FactoryReturningAShortKey_FailsAtFirstUse()
    {
        using var provider = new ServiceCollection().AddCredentials().UseInMemoryStorage().UseMasterKey(_ => new byte[16]).Services.BuildServiceProvider();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => provider.GetRequiredService<ICredentialStore>().CreateAsync(TestVault.Acme, TestVault.Token()));

        Assert.Contains("32 bytes", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    private sealed record KeySource(byte[] Key);
}
