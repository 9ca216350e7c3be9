using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Encryption;

/// <summary>
/// A payload that authenticates (sealed under the right key and bound to the right row) but that a broken writer filled
/// with something else: the resolver reads the stored type directly, so it must still refuse a payload that names
/// another type, is not JSON, or is not that type's shape, and never quote the payload in the error.
/// </summary>
public sealed class BrokenWriterTests : IDisposable
{
    private const string Marker = "broken-writer-marker-5150";
    private readonly TestVault _vault = TestVault.Create();

    public void Dispose() => _vault.Dispose();

    [Theory]
    [InlineData("{\"type\":\"key_pair\",\"api_key\":\"" + Marker + "\",\"api_secret\":\"" + Marker + "\"}")]
    [InlineData("{\"token\":\"" + Marker + "\",\"type\":\"api_token\"}")]
    [InlineData("{\"type\":\"api_token\",\"token\":[\"" + Marker + "\"]}")]
    [InlineData("{\"type\":\"api_token\",\"token\":\"" + Marker + "\"")]
    [InlineData(Marker)]
    [InlineData("")]
    public async Task AuthenticatedPayload_NotAnApiToken_IsRefusedWithoutQuotingIt(string payload)
    {
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("BROKEN"));
        var record = (await _vault.Storage.FindByIdAsync("acme", created.Id.Value))!;
        var kek = _vault.Provider.GetRequiredService<CredentialSealer>().Keys.PrimaryKey;
        var context = new EnvelopeContext("acme", created.Id.Value, "api_token", "BROKEN", null, record.Metadata.Version);
        var resealed = CredentialEnvelope.Seal(kek, context, Encoding.UTF8.GetBytes(payload));
        await _vault.Storage.UpdateAsync(record with { SealedSecret = resealed }, record.Metadata.Version);

        var error = await Assert.ThrowsAsync<CredentialIntegrityException>(() => _vault.Resolver.TryResolveAsync(TestVault.Acme, "BROKEN"));
        Assert.DoesNotContain(Marker, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuthenticatedPayload_OfTheStoredType_Opens()
    {
        // The control: the same resealing with a well-formed payload of the stored type opens, so the refusals above
        // come from the payload, not from the resealing.
        var created = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token("CONTROL"));
        var record = (await _vault.Storage.FindByIdAsync("acme", created.Id.Value))!;
        var kek = _vault.Provider.GetRequiredService<CredentialSealer>().Keys.PrimaryKey;
        var context = new EnvelopeContext("acme", created.Id.Value, "api_token", "CONTROL", null, record.Metadata.Version);
        var payload = "{\"type\":\"api_token\",\"token\":\"" + Marker + "\"}";
        var resealed = CredentialEnvelope.Seal(kek, context, Encoding.UTF8.GetBytes(payload));
        await _vault.Storage.UpdateAsync(record with { SealedSecret = resealed }, record.Metadata.Version);

        Assert.Equal(Marker, (await _vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, "CONTROL")).Token);
    }
}
