using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Credentials.Storage;

namespace Credentials;

/// <summary>
/// The audit MAC key: 32 random bytes made once per store, kept only wrapped, as store settings, under the key-encryption
/// keys (<see cref="IKeyEncryptionKey.WrapKey"/>, so a KMS or HSM key that never reveals its material works like any
/// other). The first wrap is the insert-once setting <c>audit-key</c> (of two processes that make one at the same time,
/// one wins and the other uses it); every later primary key gets its own wrap, <c>audit-key/&lt;key id&gt;</c>, written
/// after a rotation, before a retirement, and whenever the key is loaded and the primary has none. So the audit key
/// survives rotation and retirement: a retired key's wrap can no longer be opened, but the primary's can.
/// </summary>
internal sealed class AuditKey(ICredentialStorage storage, IKeyEncryptionKeyProvider keys, CredentialsInitializer initializer)
{
    public const string SettingName = "audit-key";
    private const byte Format = 1;
    private const int KeySize = 32;
    private static readonly byte[] AssociatedData = Encoding.ASCII.GetBytes("credentials/audit-key/v1");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile AuditSigner? _signer;

    /// <summary>The signer under the store's audit key, loaded (or made) on first use.</summary>
    public async ValueTask<AuditSigner> GetSignerAsync(CancellationToken cancellationToken) =>
        _signer ?? (await GetSignerAsync(createIfMissing: true, cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// The signer, or null when the store has no audit key and <paramref name="createIfMissing"/> is false (a verification,
    /// which only reads: a store never written since audit began has nothing to verify).
    /// </summary>
    public async ValueTask<AuditSigner?> GetSignerAsync(bool createIfMissing, CancellationToken cancellationToken)
    {
        if (_signer is { } signer)
        {
            return signer;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_signer is { } loaded)
            {
                return loaded;
            }

            await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
            var key = await LoadAsync(cancellationToken).ConfigureAwait(false);
            if (key is null && !createIfMissing)
            {
                return null;
            }

            var made = new AuditSigner(key ?? await CreateAsync(cancellationToken).ConfigureAwait(false));
            try
            {
                await WrapUnderPrimaryAsync(made, cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialStorageException) when (!createIfMissing)
            {
                // A read (a verification) on a store that cannot be written: the wrap waits for the next write.
            }

            _signer = made;
            return made;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Makes sure the current primary key has a wrap of the audit key (after a rotation, before a retirement).</summary>
    public async Task EnsureWrappedUnderPrimaryAsync(CancellationToken cancellationToken)
    {
        var signer = await GetSignerAsync(cancellationToken).ConfigureAwait(false);
        await WrapUnderPrimaryAsync(signer, cancellationToken).ConfigureAwait(false);
    }

    private async Task WrapUnderPrimaryAsync(AuditSigner signer, CancellationToken cancellationToken)
    {
        var primary = keys.PrimaryKey;
        var name = SettingName + "/" + primary.KeyId;
        if (await storage.GetSettingAsync(name, cancellationToken).ConfigureAwait(false) is not null
            || (await storage.GetSettingAsync(SettingName, cancellationToken).ConfigureAwait(false) is { } first && Decode(first)?.KeyId == primary.KeyId))
        {
            return;
        }

        await storage.TryAddSettingAsync(name, Encode(primary, signer.Key), cancellationToken).ConfigureAwait(false);
    }

    private async Task<byte[]?> LoadAsync(CancellationToken cancellationToken)
    {
        var settings = await storage.ListSettingsAsync(SettingName, cancellationToken).ConfigureAwait(false);
        var wraps = settings.Where(s => s.Name == SettingName || s.Name.StartsWith(SettingName + "/", StringComparison.Ordinal)).ToList();
        if (wraps.Count == 0)
        {
            return null;
        }

        foreach (var setting in wraps)
        {
            if (Decode(setting.Value) is not { } wrap)
            {
                continue;
            }

            // A wrap under a key this process has not loaded yet (another instance rotated and wrapped it under its new
            // primary first): the ring is re-read, as for a credential under an unknown key.
            if (keys.FindKey(wrap.KeyId) is null)
            {
                await initializer.EnsureKeyAsync(wrap.KeyId, cancellationToken).ConfigureAwait(false);
            }

            if (keys.FindKey(wrap.KeyId) is { } kek)
            {
                var key = new byte[KeySize];
                if (kek.TryUnwrapKey(wrap.Wrapped, AssociatedData, key))
                {
                    return key;
                }
            }
        }

        throw new CredentialIntegrityException(
            $"The audit key of this credential store is wrapped under key(s) {string.Join(", ", wraps.Select(w => $"'{Decode(w.Value)?.KeyId}'"))}, " +
            "none of which the configured key provider can open. Configure the current key ring; no audit record was written.");
    }

    private async Task<byte[]> CreateAsync(CancellationToken cancellationToken)
    {
        var kek = await initializer.PrepareWriteAsync(cancellationToken).ConfigureAwait(false);
        var key = RandomNumberGenerator.GetBytes(KeySize);
        if (await storage.TryAddSettingAsync(SettingName, Encode(kek, key), cancellationToken).ConfigureAwait(false))
        {
            return key;
        }

        // Another process made it first: use theirs.
        CryptographicOperations.ZeroMemory(key);
        return await LoadAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The storage did not keep the audit key setting.");
    }

    private static byte[] Encode(IKeyEncryptionKey kek, byte[] key)
    {
        var id = Encoding.UTF8.GetBytes(kek.KeyId);
        var wrapped = kek.WrapKey(key, AssociatedData);
        var value = new byte[1 + 2 + id.Length + wrapped.Length];
        value[0] = Format;
        BinaryPrimitives.WriteUInt16BigEndian(value.AsSpan(1), (ushort)id.Length);
        id.CopyTo(value, 3);
        wrapped.CopyTo(value, 3 + id.Length);
        return value;
    }

    private static (string KeyId, byte[] Wrapped)? Decode(byte[] value)
    {
        if (value.Length < 3 || value[0] != Format)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(value.AsSpan(1));
        if (value.Length < 3 + length)
        {
            return null;
        }

        try
        {
            return (UnicodeRules.StrictUtf8.GetString(value, 3, length), value[(3 + length)..]);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
