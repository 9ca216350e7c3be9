using Credentials;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The key-management verbs of <see cref="ICredentialsBuilder"/>: stored key rings and background rewrap.</summary>
public static class CredentialsKeyBuilderExtensions
{
    /// <summary>
    /// Protects credentials with a key ring kept in the credential store, its keys wrapped by a key derived from
    /// <paramref name="passphrase"/> with Argon2id (RFC 9106). Nothing usable is on disk: the store needs the passphrase.
    /// Rotation adds a key to the ring; the passphrase stays the same.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="passphrase">The passphrase, from a secret store or the environment. Use a long random one: whoever has the database can try guesses offline, at Argon2id's cost each.</param>
    /// <param name="configure">Argon2id costs for a new ring (defaults: 64 MiB, 3 passes, 4 lanes).</param>
    /// <exception cref="ArgumentException">
    /// The passphrase is shorter than <see cref="PassphraseOptions.MinPassphraseLength"/> characters, only whitespace, or
    /// not well-formed Unicode (an unpaired surrogate would be encoded like another passphrase).
    /// </exception>
    public static ICredentialsBuilder UsePassphrase(this ICredentialsBuilder builder, string passphrase, Action<PassphraseOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(passphrase);
        PassphraseKeyRingProtection.CheckPassphrase(passphrase);
        var optionsBuilder = builder.Services.AddOptions<PassphraseOptions>().ValidateOnStart();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PassphraseOptions>, PassphraseOptionsValidator>());
        var bytes = PassphraseKeyRingProtection.Encode(passphrase);
        return builder.ProtectKeysWith(sp => new PassphraseKeyRingProtection(bytes, sp.GetRequiredService<IOptions<PassphraseOptions>>().Value));
    }

    /// <summary>
    /// Protects credentials with a key ring kept in the credential store, each key wrapped by
    /// <paramref name="protection"/>: the extension point behind <c>UsePassphrase</c> and
    /// <c>ProtectKeysWithDataProtection</c>, and a way to put a KMS in front of the ring.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="protection">Makes the protection from the host's services (called once).</param>
    public static ICredentialsBuilder ProtectKeysWith(this ICredentialsBuilder builder, Func<IServiceProvider, IKeyRingProtection> protection)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(protection);
        builder.Services.Replace(ServiceDescriptor.Singleton<IKeyEncryptionKeyProvider>(sp => new StoredKeyRingProvider(
            sp.GetRequiredService<Credentials.Storage.ICredentialStorage>(),
            protection(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>())));
        return builder;
    }

    /// <summary>
    /// Runs <see cref="ICredentialKeyManager.RewrapAsync"/> in a hosted background service: at start-up and then every
    /// <see cref="RewrapOptions.BackgroundInterval"/>. Needs a generic host; logs ids and counts.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Batch size and interval.</param>
    public static ICredentialsBuilder RewrapInBackground(this ICredentialsBuilder builder, Action<RewrapOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CredentialsRewrapService>());
        return builder;
    }
}
