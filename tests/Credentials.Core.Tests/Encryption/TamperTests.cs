using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.Encryption;

/// <summary>An attacker who can write the database must never get a wrong value accepted (DataProtection and Vault style).</summary>
public sealed class TamperTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();

    [Property(MaxTest = 200)]
    public Property FlippedBit_AnywhereInSealedSecret_IsRejected()
    {
        var created = _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("FLIP_" + Guid.NewGuid().ToString("N").ToUpperInvariant())).GetAwaiter().GetResult();
        var length = _vault.Storage.FindByIdAsync("acme", created.Id.Value).GetAwaiter().GetResult()!.SealedSecret.Length;

        return Prop.ForAll(Gen.Choose(0, (length * 8) - 1).ToArbitrary(), bit =>
        {
            _vault.TamperAsync(TestVault.Acme, created.Id, b => { b[bit / 8] ^= (byte)(1 << (bit % 8)); return b; }).GetAwaiter().GetResult();
            try
            {
                Assert.Throws<CredentialIntegrityException>(() => _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, created.Key).GetAwaiter().GetResult());
                Assert.Throws<CredentialIntegrityException>(() => _vault.Store.GetForEditAsync(TestVault.Acme, created.Id).GetAwaiter().GetResult());
            }
            finally
            {
                _vault.TamperAsync(TestVault.Acme, created.Id, b => { b[bit / 8] ^= (byte)(1 << (bit % 8)); return b; }).GetAwaiter().GetResult();
            }

            Assert.Equal("sk-test-0123456789abcdef", _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, created.Key).GetAwaiter().GetResult().Token);
        });
    }

    [Fact]
    public async Task MovedCiphertext_ToAnotherCredentialOfSameOrganization_IsRejected()
    {
        var a = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("KEY_A", "aaaaaaaaaaaaaaaaaaaaaaaa"));
        var b = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("KEY_B", "bbbbbbbbbbbbbbbbbbbbbbbb"));
        var sealedA = (await _vault.Storage.FindByIdAsync("acme", a.Id.Value))!.SealedSecret;

        await _vault.TamperAsync(TestVault.Acme, b.Id, _ => sealedA);

        await Assert.ThrowsAsync<CredentialIntegrityException>(() => _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_B"));
    }

    [Fact]
    public async Task MovedCiphertext_ToAnotherOrganization_IsRejected()
    {
        var mine = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("SHARED_KEY", "acme-secret-0123456789"));
        var theirs = await _vault.Store.CreateAsync(TestVault.Globex, TestVault.Token("SHARED_KEY", "globex-secret-0123456789"));
        var sealedMine = (await _vault.Storage.FindByIdAsync("acme", mine.Id.Value))!.SealedSecret;

        await _vault.TamperAsync(TestVault.Globex, theirs.Id, _ => sealedMine);

        await Assert.ThrowsAsync<CredentialIntegrityException>(() => _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Globex, "SHARED_KEY"));
    }

    [Fact]
    public async Task SwappedKeys_BetweenTwoRows_AreRejected()
    {
        // The payload is bound to its lookup key: renaming rows in the database cannot make OPENAI_API_KEY return another secret.
        var a = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("KEY_A", "aaaaaaaaaaaaaaaaaaaaaaaa"));
        var b = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("KEY_B", "bbbbbbbbbbbbbbbbbbbbbbbb"));
        var recordA = (await _vault.Storage.FindByIdAsync("acme", a.Id.Value))!;
        var recordB = (await _vault.Storage.FindByIdAsync("acme", b.Id.Value))!;
        await _vault.Storage.DeleteAsync("acme", a.Id.Value, recordA.Metadata.Version);
        await _vault.Storage.UpdateAsync(recordB with { Metadata = recordB.Metadata with { Key = "KEY_A" } }, recordB.Metadata.Version);

        await Assert.ThrowsAsync<CredentialIntegrityException>(() => _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_A"));
    }

    [Fact]
    public async Task ChangedTypeColumn_IsRejected()
    {
        var a = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("KEY_A"));
        var record = (await _vault.Storage.FindByIdAsync("acme", a.Id.Value))!;
        await _vault.Storage.UpdateAsync(record with { Metadata = record.Metadata with { Type = "key_pair" } }, record.Metadata.Version);

        await Assert.ThrowsAsync<CredentialIntegrityException>(() => _vault.Resolver.TryResolveAsync(TestVault.Acme, "KEY_A"));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("empty")]
    [InlineData("version")]
    [InlineData("magic")]
    [InlineData("unknown-key")]
    public async Task DamagedEnvelope_IsRejected(string damage)
    {
        var a = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("KEY_A"));
        await _vault.TamperAsync(TestVault.Acme, a.Id, b => damage switch
        {
            "truncated" => b[..(b.Length / 2)],
            "empty" => [],
            "version" => Set(b, 4, 3),
            "magic" => Set(b, 0, (byte)'X'),
            _ => Set(b, 7, (byte)'z'),
        });

        var ex = await Assert.ThrowsAsync<CredentialIntegrityException>(() => _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "KEY_A"));
        Assert.DoesNotContain("sk-test", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherMasterKey_CannotOpenStoredEnvelope()
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        var record = (await _vault.Storage.FindByIdAsync("acme", created.Id.Value))!;
        using var otherKey = new MasterKeyProvider(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var sealer = new CredentialSealer(otherKey);

        Assert.Throws<CredentialIntegrityException>(() => sealer.Open(record with { KeyId = otherKey.PrimaryKey.KeyId }));
        Assert.Throws<CredentialIntegrityException>(() => sealer.Open(record));
    }

    [Fact]
    public void Envelope_RegionsAreWhereTheFormatSays()
    {
        using var key = new MasterKeyProvider(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var context = new EnvelopeContext("acme", Guid.NewGuid(), "api_token", "K");
        var sealedBytes = CredentialEnvelope.Seal(key.PrimaryKey, context, "{}"u8);
        var parts = CredentialEnvelope.Parse(sealedBytes);

        Assert.Equal("CRED"u8.ToArray(), sealedBytes[..4]);
        Assert.Equal(CredentialEnvelope.CurrentVersion, sealedBytes[4]);
        Assert.Equal(key.PrimaryKey.KeyId, parts.KeyId);
        Assert.Equal(AesGcmKeyEncryptionKey.WrappedSize, parts.WrappedKey.Length);
        Assert.Equal(64, parts.Ciphertext.Length); // "{}" padded to the smallest bucket.
        Assert.Equal(5 + 1 + parts.KeyId.Length + 2 + parts.WrappedKey.Length + 12 + 64 + 16, sealedBytes.Length);
    }

    [Fact]
    public void Seal_SamePlaintextTwice_GivesDifferentCiphertexts()
    {
        using var key = new MasterKeyProvider(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var context = new EnvelopeContext("acme", Guid.NewGuid(), "api_token", "K");
        Assert.NotEqual(CredentialEnvelope.Seal(key.PrimaryKey, context, "same"u8), CredentialEnvelope.Seal(key.PrimaryKey, context, "same"u8));
    }

    private static byte[] Set(byte[] bytes, int index, byte value)
    {
        bytes[index] = value;
        return bytes;
    }

    public void Dispose() => _vault.Dispose();
}
