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
        if (kdf.MemoryKib < _options.MemorySizeKib || kdf.Iterations < _options.Iterations)
        {
            // The costs live in the database, which is not trusted: someone with write access to a new store could plant
            // cheap ones before the vault writes its ring, and then guess the passphrase cheaply offline.
            throw new CredentialIntegrityException(
                FormattableString.Invariant($"The Argon2id costs stored with this credential store's key ring (memory {kdf.MemoryKib} KiB, {kdf.Iterations} passes) are below the configured ones ") +
                FormattableString.Invariant($"(memory {_options.MemorySizeKib} KiB, {_options.Iterations} passes). Nothing was read or written. If PassphraseOptions were raised after the store was created, set them back to the store's costs."));
        }

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

    public static byte[] Encode(string passphrase) => UnicodeRules.StrictUtf8.GetBytes(passphrase);

    /// <summary>Refuses passphrases that are short, blank or ill-formed; the message never quotes the passphrase.</summary>
    public static void CheckPassphrase(string passphrase)
    {
        if (string.IsNullOrWhiteSpace(passphrase))
        {
            throw new ArgumentException("The passphrase must not be empty or only whitespace.", nameof(passphrase));
        }

        if (passphrase.Length < PassphraseOptions.MinPassphraseLength)
        {
            throw new ArgumentException(
                FormattableString.Invariant($"The passphrase must have at least {PassphraseOptions.MinPassphraseLength} characters (it has {passphrase.Length}); use a long random one."),
                nameof(passphrase));
        }

        if (!UnicodeRules.IsWellFormed(passphrase))
        {
            throw new ArgumentException("The passphrase must be well-formed Unicode (it contains an unpaired surrogate).", nameof(passphrase));
        }
    }

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
