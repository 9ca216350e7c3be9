using Microsoft.AspNetCore.DataProtection;

namespace Credentials;

/// <summary>
/// Wraps the keys of the vault's stored key ring with the host's Data Protection. Nothing is stored with the ring but
/// the protection's name: the Data Protection key ring (wherever the host keeps it) is the secret.
/// </summary>
internal sealed class DataProtectionKeyRingProtection(IDataProtectionProvider provider) : IKeyRingProtection
{
    public const string ProtectionName = "data-protection";
    public const string Purpose = "Credentials.KeyRing.v1";

    public string Name => ProtectionName;

    public byte[] CreateParameters() => [];

    public Task<IKeyEncryptionKey> OpenAsync(byte[] parameters, CancellationToken cancellationToken = default) =>
        Task.FromResult<IKeyEncryptionKey>(new DataProtectionKeyEncryptionKey(provider.CreateProtector(Purpose)));
}
