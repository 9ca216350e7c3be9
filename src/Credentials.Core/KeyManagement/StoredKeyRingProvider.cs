using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text.Json;
using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials;

/// <summary>
/// A key ring kept in the credential store's own settings, each key wrapped by an <see cref="IKeyRingProtection"/>
/// (a passphrase, Data Protection, a host's KMS). The ring is an append-only log (<see cref="StoredKeyRingLog"/>): key N is
/// the setting <c>key-ring/key/N</c>, the newest key entry is the primary, and a retirement is an authenticated entry of
/// its own after which the retired key's material is erased (its entry becomes a tombstone; see
/// <c>StoredKeyRingProvider.Retire.cs</c>). A crash cannot half-write it, two processes that rotate at once each add their
/// own entry, and deleting or editing rows never brings a retired key back nor starts a new ring.
/// </summary>
internal sealed partial class StoredKeyRingProvider : IRotatableKeyEncryptionKeyProvider, IKeyRingMetadata, IStagedKeyRotation, IDisposable
{
    public const string HeaderSetting = "key-ring/header";
    private const int MaxParametersSize = 4096;
    private const int MaxRotationAttempts = 100;

    private readonly ICredentialStorage _storage;
    private readonly IKeyRingProtection _protection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Every key opened, by id with the entry bytes it came from: reused while the entry is unchanged (so a key object stays
    // the same across re-reads), disposed with the provider (a snapshot may still be in use).
    private readonly Dictionary<string, (byte[] Bytes, AesGcmKeyEncryptionKey Key)> _opened = new(StringComparer.Ordinal);
    private readonly List<AesGcmKeyEncryptionKey> _owned = [];
    private IKeyEncryptionKey? _ringKey;
    private volatile KeyRing? _ring;
    private volatile StoredKeyRingLog? _log;
    private ImmutableArray<string> _retired = [];

    public StoredKeyRingProvider(ICredentialStorage storage, IKeyRingProtection protection, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        _storage = storage;
        _protection = protection;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.KeyRing");
    }

    public IKeyEncryptionKey PrimaryKey => Ring.PrimaryKey;

    public IReadOnlyList<IKeyEncryptionKey> Keys => Ring.Keys;

    public IReadOnlyCollection<string> RetiredKeyIds => _retired;

    /// <summary>
    /// Set during a key migration (<c>MigrateKeysFrom</c>): whether a previous key provider has the key. A ring may then
    /// start in a store that already holds credentials, as long as every one of them is under a key this says it has.
    /// </summary>
    public Func<string, bool>? Predecessor { get; set; }

    private KeyRing Ring => _ring ?? throw new InvalidOperationException("The key ring kept in the credential store is not loaded yet; the vault loads it at start-up.");

    public static string EntrySetting(int index) => StoredKeyRingLog.EntrySetting(index);

    public IKeyEncryptionKey? FindKey(string keyId) => Ring.FindKey(keyId);

    public DateTimeOffset? GetCreatedAt(string keyId) =>
        _log is { } log && log.KeyEntries.TryGetValue(keyId, out var index) ? log.Entries[index].Entry.CreatedAt : null;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ring is not null)
            {
                return;
            }

            var header = await ReadOrCreateHeaderAsync(cancellationToken).ConfigureAwait(false);
            _ringKey ??= await _protection.OpenAsync(Convert.FromBase64String(header.Parameters), cancellationToken).ConfigureAwait(false);
            var log = await ReadLogAsync(cancellationToken).ConfigureAwait(false);
            if (log.Count == 0)
            {
                // A header without keys: a brand-new store (or one being migrated to this ring) whose creation stopped half-way.
                // Anything else is not new.
                var foreign = ForeignCounts(await _storage.CountByKeyIdAsync(cancellationToken).ConfigureAwait(false));
                if (foreign.Count > 0)
                {
                    throw new CredentialIntegrityException(
                        $"The key ring kept in this credential store has no key entry, but the store holds {foreign.Values.Sum()} credential(s) under key(s) {Names(foreign)}: " +
                        $"a move to {_protection.Name} that stopped before its first key, or damage. Give MigrateKeysFrom the key provider that created the store " +
                        "(its key file, its master key), or restore the store from a backup; nothing was read or written.");
                }

                using var first = CreateKey();
                await TryAddKeyEntryAsync(1, first, cancellationToken).ConfigureAwait(false);
                log = await ReadLogAsync(cancellationToken).ConfigureAwait(false);
                Apply(log);
                KeyLog.StoredKeyRingCreated(_logger, _protection.Name, PrimaryKey.KeyId);
                return;
            }

            Apply(log);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ring is not null)
            {
                Apply(await ReadLogAsync(cancellationToken).ConfigureAwait(false));
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IKeyEncryptionKey> RotateAsync(CancellationToken cancellationToken = default)
    {
        using var key = CreateKey();
        return await ActivateAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public StagedKey CreateKey() => new(KeyIds.NewRandom(), CredentialRecords.Now(_time));

    public async Task<IKeyEncryptionKey> ActivateAsync(StagedKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                // Another process may have rotated or retired: read its entries first, then claim the next number. The same
                // key is offered at each number (its wrapping is bound to the number).
                var log = await ReadLogAsync(cancellationToken).ConfigureAwait(false);
                Apply(log);
                if (await TryAddKeyEntryAsync(log.Count + 1, key, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                if (attempt == MaxRotationAttempts)
                {
                    throw new CredentialException("The key ring kept in the credential store kept changing while rotating; try again.");
                }
            }

            Apply(await ReadLogAsync(cancellationToken).ConfigureAwait(false));
            return FindKey(key.Id) ?? throw new InvalidOperationException("The key ring lost the key it was given.");
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var key in _owned)
        {
            key.Dispose();
        }

        (_ringKey as IDisposable)?.Dispose();
        _gate.Dispose();
    }

    private async Task<StoredKeyRingLog> ReadLogAsync(CancellationToken cancellationToken) =>
        StoredKeyRingLog.Read(await _storage.ListSettingsAsync(StoredKeyRingLog.EntryPrefix, cancellationToken).ConfigureAwait(false), _ringKey!);

    /// <summary>Makes the ring of a checked log: the keys with material that are not retired, the newest key entry primary.</summary>
    private void Apply(StoredKeyRingLog log)
    {
        var members = new List<KeyRingMember>();
        foreach (var (id, index) in log.KeyEntries.OrderBy(k => k.Value))
        {
            var (bytes, entry) = log.Entries[index];
            if (entry.Kind is null && !log.Retired.ContainsKey(id))
            {
                members.Add(new KeyRingMember(Open(index, bytes, entry), entry.CreatedAt, null));
            }
        }

        var newest = log.Entries[log.NewestKeyIndex].Entry.Id;
        if (log.Retired.ContainsKey(newest))
        {
            throw StoredKeyRingLog.Damaged($"its newest key '{newest}' is retired, so it has no key to write with");
        }

        _log = log;
        _retired = [.. log.Retired.Keys.Order(StringComparer.Ordinal)];
        _ring = new KeyRing(members, newest);
    }

    private AesGcmKeyEncryptionKey Open(int index, byte[] bytes, StoredKeyRingEntry entry)
    {
        if (_opened.TryGetValue(entry.Id, out var opened) && opened.Bytes.AsSpan().SequenceEqual(bytes))
        {
            return opened.Key;
        }

        var key = new byte[AesGcmKeyEncryptionKey.KeySize];
        try
        {
            if (!_ringKey!.TryUnwrapKey(Convert.FromBase64String(entry.WrappedKey!), StoredKeyRingLog.KeyContext(index, entry.Id, entry.CreatedAt), key))
            {
                throw new CredentialIntegrityException(
                    $"The key ring kept in this credential store cannot be opened with the configured {_protection.Name} protection " +
                    $"(key {index}, '{entry.Id}', failed authentication: a wrong passphrase, other Data Protection keys, or a tampered ring). Nothing was read or written.");
            }

            var kek = new AesGcmKeyEncryptionKey(entry.Id, key);
            _owned.Add(kek);
            _opened[entry.Id] = (bytes, kek);
            return kek;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private async Task<bool> TryAddKeyEntryAsync(int index, StagedKey key, CancellationToken cancellationToken)
    {
        var wrapped = _ringKey!.WrapKey(key.Material, StoredKeyRingLog.KeyContext(index, key.Id, key.CreatedAt));
        var entry = new StoredKeyRingEntry { Id = key.Id, CreatedAt = key.CreatedAt, WrappedKey = Convert.ToBase64String(wrapped) };
        return await _storage.TryAddSettingAsync(EntrySetting(index), StoredKeyRingLog.Serialize(entry), cancellationToken).ConfigureAwait(false);
    }

    private async Task<StoredKeyRingHeader> ReadOrCreateHeaderAsync(CancellationToken cancellationToken)
    {
        var bytes = await _storage.GetSettingAsync(HeaderSetting, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            // Never start a ring in a store whose credentials were sealed by another provider: that is a wrong configuration,
            // unless it is a migration whose previous provider has every one of those keys.
            var foreign = ForeignCounts(await _storage.CountByKeyIdAsync(cancellationToken).ConfigureAwait(false));
            if (foreign.Count > 0)
            {
                throw new CredentialIntegrityException(Predecessor is null
                    ? $"This credential store holds {foreign.Values.Sum()} credential(s) sealed under key(s) {Names(foreign)} " +
                      $"but has no key ring protected by {_protection.Name}. Configure the key provider that created the store; to move the store " +
                      $"to {_protection.Name}, keep that provider readable with MigrateKeysFrom (MigrateKeysFromKeyFile, MigrateKeysFromMasterKey), " +
                      "then rewrap and retire its keys (ICredentialKeyMigration.MigrateAsync). Nothing was read or written."
                    : $"This credential store holds {foreign.Values.Sum()} credential(s) sealed under key(s) {Names(foreign)}, which neither a key ring " +
                      $"protected by {_protection.Name} (the store has none yet) nor the key provider given to MigrateKeysFrom has. Give MigrateKeysFrom " +
                      "the key provider that created the store (its key file, its master key); nothing was read or written.");
            }

            var parameters = _protection.CreateParameters();
            if (parameters.Length > MaxParametersSize)
            {
                throw new InvalidOperationException($"The key ring protection '{_protection.Name}' returned {parameters.Length} bytes of parameters; at most {MaxParametersSize} are allowed.");
            }

            var created = new StoredKeyRingHeader { Protection = _protection.Name, Parameters = Convert.ToBase64String(parameters) };
            await _storage.TryAddSettingAsync(HeaderSetting, JsonSerializer.SerializeToUtf8Bytes(created, CredentialJsonContext.Default.StoredKeyRingHeader), cancellationToken).ConfigureAwait(false);
            bytes = await _storage.GetSettingAsync(HeaderSetting, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException("The storage did not keep the key ring header it was given.");
        }

        StoredKeyRingHeader? header;
        try
        {
            header = JsonSerializer.Deserialize(bytes, CredentialJsonContext.Default.StoredKeyRingHeader);
        }
        catch (JsonException)
        {
            header = null;
        }

        if (header is null || header.Format != StoredKeyRingHeader.CurrentFormat || (header.Parameters.Length > 0 && !IsBase64(header.Parameters)))
        {
            throw new CredentialIntegrityException("The key ring header kept in this credential store is damaged.");
        }

        if (!string.Equals(header.Protection, _protection.Name, StringComparison.Ordinal))
        {
            throw new CredentialException(
                $"This credential store's key ring is protected by '{header.Protection}', but the vault is configured with '{_protection.Name}'. " +
                "Configure the same protection (UsePassphrase, ProtectKeysWithDataProtection, ...); nothing was read or written.");
        }

        return header;
    }

    /// <summary>The counts of keys that no previous provider of a migration has (all of them outside a migration).</summary>
    private Dictionary<string, long> ForeignCounts(IReadOnlyDictionary<string, long> counts) =>
        counts.Where(c => Predecessor?.Invoke(c.Key) != true).ToDictionary(StringComparer.Ordinal);

    private static string Names(Dictionary<string, long> counts) => string.Join(", ", counts.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"));

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return value.Length > 0 && Convert.TryFromBase64String(value, buffer, out _);
    }
}
