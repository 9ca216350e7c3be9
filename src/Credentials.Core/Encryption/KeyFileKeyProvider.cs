using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Keeps the key ring in a local JSON file (<c>credentials-key-ring/v1</c>), created with mode 0600 when absent.
/// A rotation appends a key and replaces the file atomically (temporary file, fsync, rename) under a cross-process
/// lock; no key is ever removed, and retiring a key only flags it. Convenient for development; in production keep
/// the key off the data disk (master key from a secret store, passphrase, Data Protection, KMS).
/// </summary>
internal sealed partial class KeyFileKeyProvider : IRotatableKeyEncryptionKeyProvider, IKeyRingMetadata, IStagedKeyRotation, IDisposable
{
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private readonly List<AesGcmKeyEncryptionKey> _owned = [];
    private volatile KeyRing? _ring;

    public KeyFileKeyProvider(IOptions<KeyFileOptions> options, ContentRoot contentRoot, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(contentRoot);
        FilePath = contentRoot.Resolve(options.Value.Path);
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.KeyFile");
    }

    public string FilePath { get; }

    /// <summary>
    /// Set for the key file of <c>MigrateKeysFromKeyFile</c>: the keys the store moves away from. It must exist (a missing
    /// file is a wrong path, never a reason to make a new key), and it is not the vault's key, so no development warning.
    /// </summary>
    public bool MigrationSource { get; init; }

    public IKeyEncryptionKey PrimaryKey => Ring.PrimaryKey;

    public IReadOnlyList<IKeyEncryptionKey> Keys => Ring.Keys;

    private KeyRing Ring => _ring ?? LoadOnce();

    public IKeyEncryptionKey? FindKey(string keyId) => Ring.FindKey(keyId);

    public Task LoadAsync(CancellationToken cancellationToken)
    {
        _ = Ring;
        return Task.CompletedTask;
    }

    public DateTimeOffset? GetCreatedAt(string keyId) => Ring.Describe(keyId)?.CreatedAt;

    public IReadOnlyCollection<string> RetiredKeyIds => [.. Ring.Members.Where(m => m.RetiredAt is not null).Select(m => m.Key.KeyId)];

    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var key in _owned)
            {
                key.Dispose();
            }

            _owned.Clear();
        }
    }

    private KeyRing LoadOnce()
    {
        lock (_lock)
        {
            if (_ring is { } ring)
            {
                return ring;
            }

            if (MigrationSource)
            {
                if (!File.Exists(FilePath))
                {
                    throw new CredentialException(
                        $"The key file to migrate from, '{FilePath}', does not exist. Give MigrateKeysFromKeyFile the key file that created the store " +
                        "(once its keys are retired, remove MigrateKeysFromKeyFile instead); nothing was read or written.");
                }

                KeyLog.MigratingFromKeyFile(_logger, FilePath);
            }
            else
            {
                Log.LocalKeyFileInUse(_logger, FilePath);
            }

            if (!File.Exists(FilePath) && TryCreate())
            {
                Log.KeyFileCreated(_logger, FilePath);
            }

            CheckPermissions();

            ring = Build(ReadDocument());
            _ring = ring;
            return ring;
        }
    }

    /// <summary>
    /// Creates the key file unless another instance or process did first. Under the writers' lock, and by rename of a
    /// complete temporary file: an instance starting at the same moment sees no file or the whole ring, never an empty,
    /// half-written or still-locked one, and two first starts cannot each make a ring of their own.
    /// </summary>
    private bool TryCreate()
    {
        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        using var fileLock = AcquireLock();
        if (File.Exists(FilePath))
        {
            return false; // Another process created it first: use theirs. Never overwrite a key file.
        }

        var key = RandomNumberGenerator.GetBytes(AesGcmKeyEncryptionKey.KeySize);
        var document = new KeyRingDocument { Primary = KeyIds.NewRandom() };
        document.Keys.Add(new KeyRingEntry { Id = document.Primary, CreatedAt = _time.GetUtcNow(), Key = Convert.ToBase64String(key) });
        CryptographicOperations.ZeroMemory(key);
        WriteAtomically(document);
        return true;
    }

    private KeyRingDocument ReadDocument()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(FilePath);
        }
        catch (IOException ex)
        {
            throw new CredentialIntegrityException($"The key file '{FilePath}' cannot be read: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new CredentialIntegrityException($"The key file '{FilePath}' cannot be read: access denied.", ex);
        }

        try
        {
            var document = JsonSerializer.Deserialize(bytes, CredentialJsonContext.Default.KeyRingDocument);
            if (document is null || document.Format != KeyRingDocument.CurrentFormat || document.Keys is not { Count: > 0 } keys)
            {
                throw new CredentialIntegrityException($"The key file '{FilePath}' is not a credentials key ring ({KeyRingDocument.CurrentFormat}).");
            }

            // JSON can say null where the model has no null: "keys": [null], "id": null, "key": null, "primary": null.
            if (document.Primary is null || keys.Exists(k => k is null || !KeyIds.IsValid(k.Id) || k.Key is null))
            {
                throw new CredentialIntegrityException($"The key file '{FilePath}' is not a credentials key ring ({KeyRingDocument.CurrentFormat}).");
            }

            return document;
        }
        catch (JsonException)
        {
            // The parser's message could quote key material: keep only the file name.
            throw Damaged();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>Makes the keys of a document; they are kept until the provider is disposed, since snapshots may still use them.</summary>
    private KeyRing Build(KeyRingDocument document)
    {
        var members = new List<KeyRingMember>(document.Keys.Count);
        try
        {
            foreach (var entry in document.Keys)
            {
                var key = DecodeKey(entry);
                try
                {
                    members.Add(new KeyRingMember(new AesGcmKeyEncryptionKey(entry.Id, key), entry.CreatedAt, entry.RetiredAt));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                }
            }

            var ring = new KeyRing(members, document.Primary);
            lock (_lock)
            {
                _owned.AddRange(members.Select(m => m.Key));
            }

            return ring;
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            foreach (var member in members)
            {
                member.Key.Dispose();
            }

            throw Damaged();
        }
    }

    private byte[] DecodeKey(KeyRingEntry entry)
    {
        var key = Convert.FromBase64String(entry.Key);
        if (key.Length != AesGcmKeyEncryptionKey.KeySize)
        {
            CryptographicOperations.ZeroMemory(key);
            throw new CredentialIntegrityException($"The key file '{FilePath}' holds a key of the wrong size.");
        }

        return key;
    }

    /// <summary>
    /// Refuses a key file that anyone but its owner may read or write: whoever can read it and the database has every
    /// secret. (Ownership is not checked: .NET exposes no file owner, and a 0600 file owned by another user cannot be
    /// read by this process unless it runs as root.)
    /// </summary>
    private void CheckPermissions()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        UnixFileMode mode;
        try
        {
            mode = File.GetUnixFileMode(FilePath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return; // Reading it reports the problem with the path.
        }

        const UnixFileMode GroupOrOthers = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & GroupOrOthers) != 0)
        {
            var octal = Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
            Log.KeyFileTooOpen(_logger, FilePath, octal);
            throw new CredentialException(
                $"The key file '{FilePath}' has mode {octal}: its group or other users can access it, and with the database it opens every secret. " +
                $"Restrict it to its owner (chmod 600 '{FilePath}'); nothing was read or written.");
        }
    }

    private CredentialIntegrityException Damaged() => new($"The key file '{FilePath}' is damaged and cannot be used.");

    private static FileStreamOptions NewFileOptions()
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return options;
    }
}
