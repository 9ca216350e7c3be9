using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;

namespace Credentials;

/// <summary>Argon2id (RFC 9106, version 0x13) through BouncyCastle; checked against the RFC's test vector (section 5.3).</summary>
internal static class Argon2idKdf
{
    public static void Derive(
        ReadOnlySpan<byte> password,
        byte[] salt,
        int memoryKib,
        int iterations,
        int parallelism,
        Span<byte> output,
        byte[]? secret = null,
        byte[]? associatedData = null)
    {
        var builder = new Argon2Parameters.Builder(Argon2Parameters.Argon2id)
            .WithVersion(Argon2Parameters.Version13)
            .WithSalt(salt)
            .WithMemoryAsKB(memoryKib)
            .WithIterations(iterations)
            .WithParallelism(parallelism);
        if (secret is not null)
        {
            builder.WithSecret(secret);
        }

        if (associatedData is not null)
        {
            builder.WithAdditional(associatedData);
        }

        var parameters = builder.Build();
        try
        {
            var generator = new Argon2BytesGenerator();
            generator.Init(parameters);
            // BouncyCastle takes arrays: use copies that are wiped right after.
            var passwordCopy = password.ToArray();
            var result = new byte[output.Length];
            try
            {
                generator.GenerateBytes(passwordCopy, result);
                result.CopyTo(output);
            }
            finally
            {
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(passwordCopy);
                System.Security.Cryptography.CryptographicOperations.ZeroMemory(result);
            }
        }
        finally
        {
            parameters.Clear();
            builder.Clear();
        }
    }
}
