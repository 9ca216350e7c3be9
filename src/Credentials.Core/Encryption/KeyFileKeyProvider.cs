using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Keeps the key ring in a local file, created with mode 0600 when absent and never overwritten. Convenient for
/// development; in production keep the key off the data disk (master key from a secret store, passphrase, KMS).
/// </summary>
internal sealed class KeyFileKeyProvider : IKeyEncryptionKeyProvider, IDisposable
{
    private readonly Lazy<KeyRing> _ring;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    public KeyFileKeyProvider(IOptions<KeyFileOptions> options, ContentRoot contentRoot, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(contentRoot);
        FilePath = contentRoot.Resolve(options.Value.Path);
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.KeyFile");
        _ring = new Lazy<KeyRing>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string FilePath { get; }

    public IKeyEncryptionKey PrimaryKey => _ring.Value.PrimaryKey;

    public IReadOnlyList<IKeyEncryptionKey> Keys => _ring.Value.Keys;

    public IKeyEncryptionKey? FindKey(string keyId) => _ring.Value.FindKey(keyId);

    public void Dispose()
    {
        if (_ring.IsValueCreated)
        {
            _ring.Value.Dispose();
        }
    }

    private KeyRing Load()
    {
        Log.LocalKeyFileInUse(_logger, FilePath);
        if (!File.Exists(FilePath) && TryCreate())
        {
            Log.KeyFileCreated(_logger, FilePath);
        }

        return Read();
    }

    private bool TryCreate()
    {
        var key = RandomNumberGenerator.GetBytes(AesGcmKeyEncryptionKey.KeySize);
        var document = new KeyRingDocument { Primary = KeyIds.NewRandom() };
        document.Keys.Add(new KeyRingEntry { Id = document.Primary, CreatedAt = _time.GetUtcNow(), Key = Convert.ToBase64String(key) });
        CryptographicOperations.ZeroMemory(key);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, CredentialJsonContext.Default.KeyRingDocument);

        var directory = Path.GetDirectoryName(FilePath);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        var streamOptions = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            streamOptions.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(FilePath, streamOptions);
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
            return true;
        }
        catch (IOException) when (File.Exists(FilePath))
        {
            // Another process created it first: use theirs. Never overwrite a key file.
            return false;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private KeyRing Read()
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
            if (document is null || document.Format != KeyRingDocument.CurrentFormat || document.Keys.Count == 0)
            {
                throw new CredentialIntegrityException($"The key file '{FilePath}' is not a credentials key ring ({KeyRingDocument.CurrentFormat}).");
            }

            var keys = new List<AesGcmKeyEncryptionKey>(document.Keys.Count);
            foreach (var entry in document.Keys)
            {
                var key = DecodeKey(entry);
                try
                {
                    keys.Add(new AesGcmKeyEncryptionKey(entry.Id, key));
                }
                finally
                {
                    CryptographicOperations.ZeroMemory(key);
                }
            }

            return new KeyRing(keys, document.Primary);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException)
        {
            // The parser's message could quote key material: keep only the file name.
            throw new CredentialIntegrityException($"The key file '{FilePath}' is damaged and cannot be used.");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
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
}
