using System.Security.Cryptography;
using Credentials.Tests.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credentials.Tests.Vault;

/// <summary>
/// Listing every card of an organization on SQLite (10,000 of them) unwraps no data key: the key provider counts every
/// unwrap, and the same counter sees the one unwrap of a resolve, so a zero means nothing was opened.
/// </summary>
public sealed class ListingOpensNothingTests : IDisposable
{
    private readonly TempDirectory _directory = new("credentials-listing-count-");

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task ListingTenThousandCards_UnwrapsNoKey_ResolvingOneUnwrapsOne()
    {
        var database = _directory.File("cards.db");
        var keys = new CountingKeyProvider(new MasterKeyProvider(RandomNumberGenerator.GetBytes(32)));
        var services = new ServiceCollection().AddCredentials(o => o.MaxPageSize = 10_000).UseSqlite("Data Source=" + database).Services;
        services.Replace(ServiceDescriptor.Singleton<IKeyEncryptionKeyProvider>(keys));
        await using var provider = services.BuildServiceProvider();
        var store = provider.GetRequiredService<ICredentialStore>();
        await store.ListAsync(TestVault.Acme); // creates the schema
        BulkFill.Insert(database, provider.GetRequiredService<CredentialSealer>(), 20_000); // 10,000 each for Acme and Globex
        keys.Reset();

        var page = await store.ListAsync(TestVault.Acme, new CredentialQuery { PageSize = 10_000 });

        Assert.Equal(10_000, page.Items.Count);
        Assert.Null(page.ContinuationToken);
        Assert.All(page.Items, card => Assert.Equal("••••cret", card.MaskedSummary));
        Assert.Equal(0, keys.Unwraps);

        var card = page.Items[1234];
        var number = int.Parse(card.Key.AsSpan("KEY_".Length), System.Globalization.CultureInfo.InvariantCulture);
        var token = await provider.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(TestVault.Acme, card.Key);
        Assert.Equal(KeyFileStore.TokenFor("KEY", number), token.Token);
        Assert.Equal(1, keys.Unwraps);
    }

    /// <summary>A key provider that counts the unwraps of every key it hands out.</summary>
    private sealed class CountingKeyProvider(IKeyEncryptionKeyProvider inner) : IKeyEncryptionKeyProvider
    {
        private int _unwraps;

        public int Unwraps => Volatile.Read(ref _unwraps);

        public IKeyEncryptionKey PrimaryKey => new CountingKey(inner.PrimaryKey, this);

        public IReadOnlyList<IKeyEncryptionKey> Keys => inner.Keys.Select(k => (IKeyEncryptionKey)new CountingKey(k, this)).ToList();

        public IKeyEncryptionKey? FindKey(string keyId) => inner.FindKey(keyId) is { } key ? new CountingKey(key, this) : null;

        public void Reset() => Volatile.Write(ref _unwraps, 0);

        private sealed class CountingKey(IKeyEncryptionKey inner, CountingKeyProvider owner) : IKeyEncryptionKey
        {
            public string KeyId => inner.KeyId;

            public byte[] WrapKey(ReadOnlySpan<byte> dataKey, ReadOnlySpan<byte> associatedData) => inner.WrapKey(dataKey, associatedData);

            public bool TryUnwrapKey(ReadOnlySpan<byte> wrappedKey, ReadOnlySpan<byte> associatedData, Span<byte> dataKey)
            {
                Interlocked.Increment(ref owner._unwraps);
                return inner.TryUnwrapKey(wrappedKey, associatedData, dataKey);
            }
        }
    }
}
