using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Lists, rotates and retires key-encryption keys, and rewraps data keys (see <c>CredentialKeyManager.Rewrap.cs</c>).
/// Rotation and retirement are serialized in this process; the providers and the store's insert-once settings make
/// them safe across processes too.
/// </summary>
internal sealed partial class CredentialKeyManager(
    ICredentialStorage storage,
    IKeyEncryptionKeyProvider keys,
    CredentialsInitializer initializer,
    KeyRetirements retirements,
    ResolveCache cache,
    IOptions<RewrapOptions> options,
    TimeProvider time,
    ILoggerFactory? loggerFactory = null) : ICredentialKeyManager, IDisposable
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Keys");
    private readonly SemaphoreSlim _keyGate = new(1, 1);
    private readonly SemaphoreSlim _rewrapGate = new(1, 1);

    public async Task<IReadOnlyList<CredentialKeyInfo>> ListKeysAsync(CancellationToken cancellationToken = default)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var counts = await storage.CountByKeyIdAsync(cancellationToken).ConfigureAwait(false);
        var primary = keys.PrimaryKey.KeyId;
        var infos = new List<CredentialKeyInfo>(keys.Keys.Count);
        foreach (var key in keys.Keys)
        {
            infos.Add(await DescribeAsync(key.KeyId, primary, counts, cancellationToken).ConfigureAwait(false));
        }

        return [.. infos.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id, StringComparer.Ordinal)];
    }

    public async Task<CredentialKeyInfo> RotateAsync(CancellationToken cancellationToken = default)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        if (keys is not IRotatableKeyEncryptionKeyProvider rotatable)
        {
            throw new CredentialException(
                $"The configured key provider ({keys.GetType().Name}) cannot rotate keys. Use a key ring (UseKeyFile, UsePassphrase, " +
                "ProtectKeysWithDataProtection), or rotate outside the vault: configure the new key as primary with the old one still " +
                "available for unwrapping, restart, then call RewrapAsync.");
        }

        await _keyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var previous = keys.PrimaryKey.KeyId;
            var key = await rotatable.RotateAsync(cancellationToken).ConfigureAwait(false);
            await initializer.RegisterKeyAsync(key, CancellationToken.None).ConfigureAwait(false);
            KeyLog.KeyRotated(_logger, key.KeyId, previous);
            var counts = await storage.CountByKeyIdAsync(CancellationToken.None).ConfigureAwait(false);
            return await DescribeAsync(key.KeyId, keys.PrimaryKey.KeyId, counts, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _keyGate.Release();
        }
    }

    public async Task RetireAsync(string keyId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await _keyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (keys.FindKey(keyId) is null)
            {
                throw new CredentialException($"The configured key provider has no key '{keyId}'.");
            }

            if (retirements.IsRetired(keyId))
            {
                return;
            }

            if (string.Equals(keys.PrimaryKey.KeyId, keyId, StringComparison.Ordinal))
            {
                throw new CredentialException($"Key '{keyId}' is the primary key and cannot be retired. Rotate to a new key, rewrap, then retire it.");
            }

            var counts = await storage.CountByKeyIdAsync(cancellationToken).ConfigureAwait(false);
            if (counts.TryGetValue(keyId, out var wrapped) && wrapped > 0)
            {
                throw new CredentialException(
                    $"Key '{keyId}' still wraps {wrapped} credential(s) and cannot be retired. Run RewrapAsync (or RewrapInBackground) until its count is 0, then retire it.");
            }

            var now = time.GetUtcNow();
            cache.Clear();
            await storage.TryAddSettingAsync(KeySettings.Retired(keyId), KeySettings.EncodeTime(now), CancellationToken.None).ConfigureAwait(false);
            if (keys is IKeyRingMetadata ring)
            {
                await ring.MarkRetiredAsync(keyId, now, CancellationToken.None).ConfigureAwait(false);
            }

            retirements.Add(keyId);
            KeyLog.KeyRetired(_logger, keyId);
        }
        finally
        {
            _keyGate.Release();
        }
    }

    public void Dispose()
    {
        _keyGate.Dispose();
        _rewrapGate.Dispose();
    }

    private async Task<CredentialKeyInfo> DescribeAsync(string keyId, string primary, IReadOnlyDictionary<string, long> counts, CancellationToken cancellationToken)
    {
        var createdAt = (keys as IKeyRingMetadata)?.GetCreatedAt(keyId)
            ?? KeySettings.DecodeTime(await storage.GetSettingAsync(KeySettings.Created(keyId), cancellationToken).ConfigureAwait(false))
            ?? time.GetUtcNow();
        return new CredentialKeyInfo(
            keyId,
            createdAt,
            string.Equals(keyId, primary, StringComparison.Ordinal),
            retirements.IsRetired(keyId),
            counts.GetValueOrDefault(keyId));
    }
}
