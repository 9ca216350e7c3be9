namespace Credentials.Cli.Bundle;

/// <summary>The Argon2id cost of a new bundle: RFC 9106's second recommended option, as for passphrase key rings.</summary>
/// <param name="MemoryKib">Memory per derivation in KiB (64 MiB).</param>
/// <param name="Iterations">Passes (3).</param>
/// <param name="Parallelism">Lanes (4).</param>
internal sealed record BundleKdfCost(int MemoryKib = 64 * 1024, int Iterations = 3, int Parallelism = 4)
{
    public static BundleKdfCost Default { get; } = new();
}
