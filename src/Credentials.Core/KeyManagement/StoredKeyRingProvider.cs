using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials;

/// <summary>
/// A key ring kept in the credential store's own settings, each key wrapped by an <see cref="IKeyRingProtection"/>
/// (a passphrase, Data Protection, a host's KMS). Settings are insert-once, so the ring is append-only: key N is the
/// setting <c>key-ring/key/N</c> and the highest N is the primary. A crash cannot half-write it, and two processes
/// that rotate at once each add their own entry instead of overwriting one another's.
/// </summary>
internal sealed class StoredKeyRingProvider : IRotatableKeyEncryptionKeyProvider, IKeyRingMetadata, IDisposable
{
    public const string HeaderSetting = "key-ring/header";
    private const int MaxParametersSize = 4096;
    private const int MaxRotationAttempts = 100;

    private readonly ICredentialStorage _storage;
    private readonly IKeyRingProtection _protection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<KeyRingMember> _members = [];
    private IKeyEncryptionKey? _ringKey;
    private volatile KeyRing? _ring;

    public StoredKeyRingProvider(ICredentialStorage storage, IKeyRingProtection protection, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        _storage = storage;
        _protection = protection;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.KeyRing");
    }

    public IKeyEncryptionKey PrimaryKey => Ring.PrimaryKey;

    public IReadOnlyList<IKeyEncryptionKey> Keys => Ring.Keys;

    private KeyRing Ring => _ring ?? throw new InvalidOperationException("The key ring kept in the credential store is not loaded yet; the vault loads it at start-up.");

    public static string EntrySetting(int index) => "key-ring/key/" + index.ToString(CultureInfo.InvariantCulture);

    public IKeyEncryptionKey? FindKey(string keyId) => Ring.FindKey(keyId);

    public DateTimeOffset? GetCreatedAt(string keyId) => _ring?.Describe(keyId)?.CreatedAt;

    // Retirement of a stored ring's key is the store setting the key manager writes; the ring has nothing more to add.
    public bool IsRetired(string keyId) => false;

    public Task MarkRetiredAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken) => Task.CompletedTask;

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
            await ReadNewEntriesAsync(cancellationToken).ConfigureAwait(false);
            if (_members.Count == 0)
            {
                await TryAddEntryAsync(1, cancellationToken).ConfigureAwait(false);
                await ReadNewEntriesAsync(cancellationToken).ConfigureAwait(false);
                KeyLog.StoredKeyRingCreated(_logger, _protection.Name, _members[^1].Key.KeyId);
            }

            _ring = new KeyRing(_members, _members[^1].Key.KeyId);
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
            if (_ring is null)
            {
                return;
            }

            var count = _members.Count;
            await ReadNewEntriesAsync(cancellationToken).ConfigureAwait(false);
            if (_members.Count != count)
            {
                _ring = new KeyRing(_members, _members[^1].Key.KeyId);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IKeyEncryptionKey> RotateAsync(CancellationToken cancellationToken = default)
    {
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                // Another process may have rotated: read its entries first, then claim the next number.
                await ReadNewEntriesAsync(cancellationToken).ConfigureAwait(false);
                if (await TryAddEntryAsync(_members.Count + 1, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }

                if (attempt == MaxRotationAttempts)
                {
                    throw new CredentialException("The key ring kept in the credential store kept changing while rotating; try again.");
                }
            }

            await ReadNewEntriesAsync(cancellationToken).ConfigureAwait(false);
            var ring = new KeyRing(_members, _members[^1].Key.KeyId);
            _ring = ring;
            return ring.PrimaryKey;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        foreach (var member in _members)
        {
            member.Key.Dispose();
        }

        (_ringKey as IDisposable)?.Dispose();
        _gate.Dispose();
    }

    private async Task<StoredKeyRingHeader> ReadOrCreateHeaderAsync(CancellationToken cancellationToken)
    {
        var bytes = await _storage.GetSettingAsync(HeaderSetting, cancellationToken).ConfigureAwait(false);
        if (bytes is null)
        {
            // Never start a ring in a store whose credentials were sealed by another provider: that is a wrong configuration.
            var counts = await _storage.CountByKeyIdAsync(cancellationToken).ConfigureAwait(false);
            if (counts.Count > 0)
            {
                throw new CredentialIntegrityException(
                    $"This credential store holds {counts.Values.Sum()} credential(s) sealed under key(s) {string.Join(", ", counts.Keys.Order(StringComparer.Ordinal).Select(k => $"'{k}'"))} " +
                    $"but has no key ring protected by {_protection.Name}. Configure the key provider that created the store; nothing was read or written.");
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

    /// <summary>Reads entries after the ones already loaded, until the first missing number.</summary>
    private async Task ReadNewEntriesAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var index = _members.Count + 1;
            var bytes = await _storage.GetSettingAsync(EntrySetting(index), cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return;
            }

            var member = OpenEntry(index, bytes);
            if (_members.Exists(m => m.Key.KeyId == member.Key.KeyId))
            {
                member.Key.Dispose();
                throw new CredentialIntegrityException($"The key ring kept in this credential store names key '{member.Key.KeyId}' twice; it is damaged.");
            }

            _members.Add(member);
        }
    }

    private KeyRingMember OpenEntry(int index, byte[] bytes)
    {
        StoredKeyRingEntry? entry;
        try
        {
            entry = JsonSerializer.Deserialize(bytes, CredentialJsonContext.Default.StoredKeyRingEntry);
        }
        catch (JsonException)
        {
            entry = null;
        }

        if (entry is null || !KeyIds.IsValid(entry.Id) || !IsBase64(entry.WrappedKey))
        {
            throw new CredentialIntegrityException($"Key {index} of the key ring kept in this credential store is damaged.");
        }

        var key = new byte[AesGcmKeyEncryptionKey.KeySize];
        try
        {
            if (!_ringKey!.TryUnwrapKey(Convert.FromBase64String(entry.WrappedKey), Context(index, entry.Id, entry.CreatedAt), key))
            {
                throw new CredentialIntegrityException(
                    $"The key ring kept in this credential store cannot be opened with the configured {_protection.Name} protection " +
                    $"(key {index}, '{entry.Id}', failed authentication: a wrong passphrase, other Data Protection keys, or a tampered ring). Nothing was read or written.");
            }

            return new KeyRingMember(new AesGcmKeyEncryptionKey(entry.Id, key), entry.CreatedAt, null);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private async Task<bool> TryAddEntryAsync(int index, CancellationToken cancellationToken)
    {
        var id = KeyIds.NewRandom();
        var createdAt = CredentialRecords.Now(_time);
        var key = RandomNumberGenerator.GetBytes(AesGcmKeyEncryptionKey.KeySize);
        byte[] wrapped;
        try
        {
            wrapped = _ringKey!.WrapKey(key, Context(index, id, createdAt));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }

        var entry = new StoredKeyRingEntry { Id = id, CreatedAt = createdAt, WrappedKey = Convert.ToBase64String(wrapped) };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(entry, CredentialJsonContext.Default.StoredKeyRingEntry);
        return await _storage.TryAddSettingAsync(EntrySetting(index), bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>What each wrapped ring key is bound to: its number, id and creation time, so entries cannot be swapped or edited.</summary>
    private static byte[] Context(int index, string id, DateTimeOffset createdAt) =>
        Encoding.ASCII.GetBytes(FormattableString.Invariant($"credentials/key-ring/v1/{index}/{id}/{createdAt.UtcTicks}"));

    private static bool IsBase64(string value)
    {
        var buffer = new byte[value.Length];
        return value.Length > 0 && Convert.TryFromBase64String(value, buffer, out _);
    }
}
