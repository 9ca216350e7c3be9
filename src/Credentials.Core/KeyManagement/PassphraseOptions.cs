namespace Credentials;

/// <summary>
/// The Argon2id cost of a new passphrase key ring (<c>UsePassphrase</c>). The defaults are RFC 9106's second
/// recommended option (64 MiB, 3 passes, 4 lanes). They are stored with the ring when it is created; an existing ring
/// keeps the parameters it was created with. They are also the floor: a store whose stored memory or passes are below
/// them is refused, since anyone with write access to an empty database could plant cheap costs before the vault
/// creates its ring. Lowering them later is harmless; raising them above an existing store's costs makes that store
/// refuse to open until they are set back.
/// </summary>
public sealed class PassphraseOptions
{
    /// <summary>
    /// The shortest passphrase accepted, in characters. Whoever has the database can guess offline; a short passphrase
    /// falls to that whatever the Argon2id cost.
    /// </summary>
    public const int MinPassphraseLength = 12;

    /// <summary>The most memory allowed, in KiB (1 GiB).</summary>
    public const int MaxMemorySizeKib = 1024 * 1024;

    /// <summary>Memory per derivation, in KiB.</summary>
    /// <value>Defaults to 65,536 (64 MiB). Must be at least 8 × <see cref="Parallelism"/> and at most <see cref="MaxMemorySizeKib"/>.</value>
    public int MemorySizeKib { get; set; } = 64 * 1024;

    /// <summary>Passes over the memory.</summary>
    /// <value>Defaults to 3. Must be from 1 to 100.</value>
    public int Iterations { get; set; } = 3;

    /// <summary>Lanes. (BouncyCastle computes them one after another; the value still changes the result, so it is kept as RFC 9106 says.)</summary>
    /// <value>Defaults to 4. Must be from 1 to 64.</value>
    public int Parallelism { get; set; } = 4;
}
