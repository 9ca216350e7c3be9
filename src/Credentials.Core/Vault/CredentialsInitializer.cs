using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials;

/// <summary>
/// Runs once before the store is used (at host start-up, or on first use without a host): creates or migrates the
/// schema, loads the keys, and refuses to go on when the configured keys cannot open what the store holds. This is
/// how a wrong key is found at start-up instead of on the first resolve, and before anything is written with it.
/// </summary>
/// <remarks>
/// Start-up only reads a store that already exists: a store on a read-only file or a full disk opens and serves reads.
/// What start-up used to write (each key's key check and first-seen time) is recorded by the first write that seals
/// under the key (<see cref="PrepareWriteAsync"/>), which needs write access anyway.
/// </remarks>
internal sealed partial class CredentialsInitializer(
    ICredentialStorage storage,
    IKeyEncryptionKeyProvider keys,
    KeyRetirements? retirements = null,
    TimeProvider? time = null,
    ILoggerFactory? loggerFactory = null,
    ResolveCache? cache = null)
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Startup");
    private readonly KeyRetirements _retirements = retirements ?? new KeyRetirements();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    // Key ids whose key check this process has verified against the store (or written): sealing under them is safe.
    private readonly ConcurrentDictionary<string, bool> _registered = new(StringComparer.Ordinal);

    private const int MaxStartupRereads = 5;
    private readonly Lock _lock = new();
    private Task? _ready;

    public Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        var ready = _ready;
        if (ready is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        lock (_lock)
        {
            // A failed start (a database that was down, a wrong key) is retried by the next call, not cached forever.
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = InitializeAsync();
            }

            return _ready.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Records a key in the store before anything is sealed under it: its key check (verified when one exists, written when
    /// none does) and, for providers that keep no creation time, when the store first saw it. Writes at most once per key
    /// and process.
    /// </summary>
    public async Task RegisterKeyAsync(IKeyEncryptionKey key, CancellationToken cancellationToken)
    {
        if (_registered.ContainsKey(key.KeyId))
        {
            return;
        }

        await CheckKeyAsync(key, writeIfMissing: true, cancellationToken).ConfigureAwait(false);
        if (MigratingKeyProvider.WriterOf(keys) is not IKeyRingMetadata)
        {
            await storage.TryAddSettingAsync(KeySettings.Created(key.KeyId), KeySettings.EncodeTime(_time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        }

        _registered[key.KeyId] = true;
    }

    private async Task InitializeAsync()
    {
        // The shared start-up must not be cancelled by whichever caller happened to trigger it.
        var none = CancellationToken.None;
        await storage.InitializeAsync(none).ConfigureAwait(false);
        await SubscribeToChangesAsync(none).ConfigureAwait(false);
        var ring = keys as IKeyRingMetadata;
        if (ring is not null)
        {
            await ring.LoadAsync(none).ConfigureAwait(false);
        }

        var counts = await storage.CountByKeyIdAsync(none).ConfigureAwait(false);
        await ReloadRetirementsAsync(none).ConfigureAwait(false);

        // Another instance may have rotated since the ring was read, and written under the new key or retired this one's
        // primary. A key is in the ring before anything is sealed under it and before its predecessor can be retired, so a
        // re-read after those reads has it. (A few times: the newer key may itself be retired by then.)
        for (var reread = 0; ring is not null && reread < MaxStartupRereads && (Missing(counts).Length > 0 || _retirements.IsRetired(keys.PrimaryKey.KeyId)); reread++)
        {
            await ring.RefreshAsync(none).ConfigureAwait(false);
            await ReloadRetirementsAsync(none).ConfigureAwait(false);
        }

        var missing = Missing(counts);
        if (missing.Length > 0)
        {
            throw new CredentialIntegrityException(
                $"This credential store holds {missing.Sum(m => m.Value)} credential(s) sealed under key(s) {string.Join(", ", missing.Select(m => $"'{m.Key}'"))}, " +
                "which the configured key provider does not have. Configure the key that created the store (for example restore its key file, " +
                "or pass the same master key); to move the store to another key provider, keep the old one readable with MigrateKeysFrom " +
                "(MigrateKeysFromKeyFile, MigrateKeysFromMasterKey). Nothing was read or written.");
        }

        var primary = keys.PrimaryKey.KeyId;
        if (_retirements.IsRetired(primary))
        {
            throw new CredentialException(
                $"The configured primary key '{primary}' is retired in this credential store, so nothing may be written with it. " +
                "Configure the current key ring (a restored old key file can cause this) or rotate to a new key; nothing was read or written.");
        }

        // Reads only: a key with a check is verified now; one without gets it from the first write that seals under it.
        foreach (var key in keys.Keys)
        {
            await CheckKeyAsync(key, writeIfMissing: false, none).ConfigureAwait(false);
        }

        foreach (var (keyId, count) in counts.Where(c => _retirements.IsRetired(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            KeyLog.CredentialsUnderRetiredKey(_logger, keyId, count);
        }

        if (keys is MigratingKeyProvider migration && migration.Previous.SelectMany(p => p.Keys).All(k => _retirements.IsRetired(k.KeyId)))
        {
            KeyLog.KeyMigrationComplete(_logger);
        }

        await MarkStartedAsync(none).ConfigureAwait(false);
        Log.StoreReady(_logger, primary, counts.Values.Sum());
    }

    /// <summary>Credentials under keys the provider does not have (a retired key of a stored ring has no material: not missing).</summary>
    private KeyValuePair<string, long>[] Missing(IReadOnlyDictionary<string, long> counts) =>
        [.. counts.Where(c => keys.FindKey(c.Key) is null && !_retirements.IsRetired(c.Key)).OrderBy(c => c.Key, StringComparer.Ordinal)];

    /// <summary>
    /// Each key id gets a key check: a zero data key wrapped under it. A different key under the same id cannot unwrap it,
    /// which a store with no credentials yet would otherwise never notice. Without <paramref name="writeIfMissing"/> a
    /// missing check is left for the first write.
    /// </summary>
    private async Task CheckKeyAsync(IKeyEncryptionKey key, bool writeIfMissing, CancellationToken cancellationToken)
    {
        var name = KeySettings.Check(key.KeyId);
        var context = Encoding.ASCII.GetBytes("credentials/key-check/v1/" + key.KeyId);
        var zero = new byte[CredentialEnvelope.DataKeySize];
        var stored = await storage.GetSettingAsync(name, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            if (!writeIfMissing)
            {
                return;
            }

            await storage.TryAddSettingAsync(name, key.WrapKey(zero, context), cancellationToken).ConfigureAwait(false);
            stored = await storage.GetSettingAsync(name, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The storage did not keep the key check it was given.");
        }

        var unwrapped = new byte[CredentialEnvelope.DataKeySize];
        if (!key.TryUnwrapKey(stored, context, unwrapped) || !CryptographicOperations.FixedTimeEquals(unwrapped, zero))
        {
            throw new CredentialIntegrityException(
                $"The configured key '{key.KeyId}' is not the key this credential store knows under that id. " +
                "Configure the original key (for example restore its key file); nothing was read or written.");
        }

        _registered[key.KeyId] = true;
    }

    /// <summary>Every retirement the store's fence and the ring record: either is enough, so neither alone can bring a key back.</summary>
    private async Task ReloadRetirementsAsync(CancellationToken cancellationToken)
    {
        foreach (var keyId in await storage.ListRetiredKeysAsync(cancellationToken).ConfigureAwait(false))
        {
            _retirements.Add(keyId);
        }

        if (keys is IKeyRingMetadata ring)
        {
            foreach (var keyId in ring.RetiredKeyIds)
            {
                _retirements.Add(keyId);
            }
        }
    }
}
