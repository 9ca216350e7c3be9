using System.Security.Cryptography;
using Credentials;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>More ways to give <c>UseMasterKey</c> its key: as base64 text, or from the host's services when the vault starts.</summary>
public static class CredentialsMasterKeyBuilderExtensions
{
    /// <summary>
    /// Protects credentials with a 256-bit key given as base64 text, as secret stores and environment variables hold it
    /// (<c>openssl rand -base64 32</c> makes one). Same as <c>UseMasterKey(ReadOnlySpan&lt;byte&gt;)</c> with the decoded bytes.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="base64Key">The base64 of exactly 32 random bytes. Never quoted in an error.</param>
    /// <exception cref="ArgumentException">The text is not base64, does not decode to 32 bytes, or is one repeated byte.</exception>
    public static ICredentialsBuilder UseMasterKey(this ICredentialsBuilder builder, string base64Key)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(base64Key);
        if (DescribeBadBase64Key(base64Key) is { } problem)
        {
            throw new ArgumentException("The master key " + problem, nameof(base64Key));
        }

        var key = Convert.FromBase64String(base64Key.Trim());
        try
        {
            return builder.UseMasterKey(key.AsSpan());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>
    /// Protects credentials with a 256-bit key that <paramref name="keyFactory"/> returns when the vault is first built (at
    /// host start-up, or on first use without a host), so it can come from a service the host registers (a secret store
    /// client, a KMS, configuration). The vault copies the key and then clears the returned array: return a fresh one.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="keyFactory">Returns exactly 32 random bytes. Called once.</param>
    /// <remarks>A wrong key (null, not 32 bytes, one repeated byte) fails the vault's start with <see cref="ArgumentException"/>.</remarks>
    public static ICredentialsBuilder UseMasterKey(this ICredentialsBuilder builder, Func<IServiceProvider, byte[]> keyFactory)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(keyFactory);
        builder.Services.Replace(ServiceDescriptor.Singleton<IKeyEncryptionKeyProvider>(sp =>
        {
            var key = keyFactory(sp) ?? throw new ArgumentException("The master key factory of UseMasterKey returned null.", nameof(keyFactory));
            try
            {
                return new MasterKeyProvider(key);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }));
        return builder;
    }

    /// <summary>What is wrong with a base64 master key ("is not valid base64", ...), or null when it is a usable key. Never quotes it.</summary>
    internal static string? DescribeBadBase64Key(string base64Key)
    {
        var text = base64Key.Trim();
        var buffer = new byte[(text.Length * 3 / 4) + 3];
        try
        {
            if (!Convert.TryFromBase64String(text, buffer, out var length))
            {
                return "is not valid base64: give the base64 of 32 random bytes (for example from 'openssl rand -base64 32').";
            }

            if (length != 32)
            {
                return $"must be the base64 of 32 bytes (256 bits); it decodes to {length} bytes.";
            }

            var key = buffer.AsSpan(0, length);
            return key.ContainsAnyExcept(key[0])
                ? null
                : "is one repeated byte (for example all zeros), which is not a random key: generate 32 random bytes.";
        }
        finally
        {
            CryptographicOperations.ZeroMemory(buffer);
        }
    }
}
