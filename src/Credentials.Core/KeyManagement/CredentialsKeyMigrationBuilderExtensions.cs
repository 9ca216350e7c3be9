using System.Security.Cryptography;
using Credentials;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>
/// Moves a store from one key provider to another: <c>MigrateKeysFrom</c> keeps the old provider readable beside the new one
/// until everything is rewrapped and the old keys are retired (<see cref="ICredentialKeyMigration"/>).
/// </summary>
public static class CredentialsKeyMigrationBuilderExtensions
{
    /// <summary>
    /// Keeps the keys of <paramref name="previous"/>, the key provider the store is moving away from, available for opening
    /// credentials, while the configured key provider (<c>UseMasterKey</c>, <c>UsePassphrase</c>,
    /// <c>ProtectKeysWithDataProtection</c>, <c>ProtectKeysWith</c>, or your own) becomes the primary for every new write
    /// and for rotation. A key ring kept in the store (passphrase, Data Protection) is started in a store that already
    /// holds credentials only when the previous provider has every key they are under. Then call
    /// <see cref="ICredentialKeyMigration.MigrateAsync"/> (rewrap, then retire the previous keys), and once it is complete
    /// remove this call: the store opens with the new provider alone.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="previous">
    /// Makes the previous provider when the vault starts (called once). The vault disposes what it returns: return a new
    /// instance, not one the container owns.
    /// </param>
    /// <remarks>
    /// The order of the builder verbs does not matter: the previous provider is combined with whichever key provider is
    /// registered when the vault starts. Calling this more than once keeps several previous providers. A previous
    /// provider that has a key of the configured one (the same provider named twice) fails start-up with a message.
    /// </remarks>
    public static ICredentialsBuilder MigrateKeysFrom(this ICredentialsBuilder builder, Func<IServiceProvider, IKeyEncryptionKeyProvider> previous)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(previous);
        builder.Services.AddSingleton(new KeyMigrationSource(previous));
        return builder;
    }

    /// <summary>
    /// <see cref="MigrateKeysFrom"/> from a key file (<c>UseKeyFile</c>, the development default): its keys open
    /// credentials until they are retired. The file must exist; it is only written to record retirements.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The key file the store was created with; a relative path is under the content root.</param>
    /// <remarks>A missing file fails start-up with a message naming the path (it is never created).</remarks>
    public static ICredentialsBuilder MigrateKeysFromKeyFile(this ICredentialsBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return builder.MigrateKeysFrom(sp => new KeyFileKeyProvider(
            Options.Options.Create(new KeyFileOptions { Path = path }),
            sp.GetRequiredService<ContentRoot>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>())
        {
            MigrationSource = true,
        });
    }

    /// <summary><see cref="MigrateKeysFrom"/> from a master key (<c>UseMasterKey</c>): it opens credentials until it is retired.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="key">The 32-byte master key the store was created with. Copied; the caller may wipe its buffer afterwards.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes, or is one repeated byte.</exception>
    public static ICredentialsBuilder MigrateKeysFromMasterKey(this ICredentialsBuilder builder, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(builder);
        MasterKeyProvider.CheckKey(key);
        var copy = key.ToArray();
        return builder.MigrateKeysFrom(_ => new MasterKeyProvider(copy));
    }

    /// <summary><see cref="MigrateKeysFrom"/> from a master key given as base64 text (as <c>UseMasterKey(string)</c> takes it).</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="base64Key">The base64 of the 32-byte master key the store was created with. Never quoted in an error.</param>
    /// <exception cref="ArgumentException">The text is not base64, does not decode to 32 bytes, or is one repeated byte.</exception>
    public static ICredentialsBuilder MigrateKeysFromMasterKey(this ICredentialsBuilder builder, string base64Key)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(base64Key);
        if (CredentialsMasterKeyBuilderExtensions.DescribeBadBase64Key(base64Key) is { } problem)
        {
            throw new ArgumentException("The master key to migrate from " + problem, nameof(base64Key));
        }

        var key = Convert.FromBase64String(base64Key.Trim());
        try
        {
            return builder.MigrateKeysFromMasterKey(key.AsSpan());
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
