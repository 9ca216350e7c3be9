using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Credentials;

/// <summary>
/// <c>UsePassphrase</c>: the ring key is derived from a passphrase with Argon2id; salt and costs are stored with the
/// ring. The passphrase is kept as UTF-8 bytes only until the ring key is derived, then wiped.
/// </summary>
internal sealed class PassphraseKeyRingProtection : IKeyRingProtection
{
    public const string ProtectionName = "passphrase";
    private const int SaltSize = 16;
    private const string RingKeyId = "passphrase";

    private readonly PassphraseOptions _options;
    private readonly Lock _lock = new();
    private byte[]? _passphrase;

    public PassphraseKeyRingProtection(byte[] passphraseUtf8, PassphraseOptions options)
    {
        _passphrase = passphraseUtf8;
        _options = options;
    }

    public string Name => ProtectionName;

    public byte[] CreateParameters()
    {
        var parameters = new PassphraseKdfParameters
        {
            MemoryKib = _options.MemorySizeKib,
            Iterations = _options.Iterations,
            Parallelism = _options.Parallelism,
            Salt = Convert.ToBase64String(RandomNumberGenerator.GetBytes(SaltSize)),
        };
        return JsonSerializer.SerializeToUtf8Bytes(parameters, CredentialJsonContext.Default.PassphraseKdfParameters);
    }

    public Task<IKeyEncryptionKey> OpenAsync(byte[] parameters, CancellationToken cancellationToken = default)
    {
        var kdf = Parse(parameters);
        var salt = Convert.FromBase64String(kdf.Salt);

        // Argon2id with the default costs takes about half a second of CPU: keep it off the caller's thread.
        return Task.Run<IKeyEncryptionKey>(
            () =>
            {
                lock (_lock)
                {
                    var passphrase = _passphrase ?? throw new InvalidOperationException("The passphrase was already used to open the key ring and has been wiped.");
                    var derived = new byte[AesGcmKeyEncryptionKey.KeySize];
                    try
                    {
                        Argon2idKdf.Derive(passphrase, salt, kdf.MemoryKib, kdf.Iterations, kdf.Parallelism, derived);
                        var key = new AesGcmKeyEncryptionKey(RingKeyId, derived);
                        CryptographicOperations.ZeroMemory(passphrase);
                        _passphrase = null;
                        return key;
                    }
                    finally
                    {
                        CryptographicOperations.ZeroMemory(derived);
                    }
                }
            },
            cancellationToken);
    }

    public static byte[] Encode(string passphrase) => Encoding.UTF8.GetBytes(passphrase);

    /// <summary>Reads stored parameters, refusing costs that could exhaust the machine (the database is not trusted).</summary>
    private static PassphraseKdfParameters Parse(byte[] parameters)
    {
        PassphraseKdfParameters? kdf;
        try
        {
            kdf = JsonSerializer.Deserialize(parameters, CredentialJsonContext.Default.PassphraseKdfParameters);
        }
        catch (JsonException)
        {
            kdf = null;
        }

        var valid = kdf is not null
            && kdf.Algorithm == PassphraseKdfParameters.Argon2id
            && kdf.Version == PassphraseKdfParameters.Argon2Version
            && kdf.Parallelism is >= 1 and <= 64
            && kdf.Iterations is >= 1 and <= 100
            && kdf.MemoryKib >= 8 * kdf.Parallelism && kdf.MemoryKib <= PassphraseOptions.MaxMemorySizeKib
            && IsSalt(kdf.Salt);
        return valid
            ? kdf!
            : throw new CredentialIntegrityException("The passphrase parameters stored with this credential store's key ring are damaged or out of range.");
    }

    private static bool IsSalt(string salt)
    {
        Span<byte> buffer = stackalloc byte[64];
        return Convert.TryFromBase64String(salt, buffer, out var length) && length >= SaltSize;
    }
}
