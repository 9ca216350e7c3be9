using Credentials;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The storage, key and template verbs of <see cref="ICredentialsBuilder"/>.</summary>
public static class CredentialsBuilderExtensions
{
    /// <summary>Keeps credentials in process memory. For tests only: everything is gone when the process ends.</summary>
    /// <param name="builder">The builder.</param>
    public static ICredentialsBuilder UseInMemoryStorage(this ICredentialsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Replace(ServiceDescriptor.Singleton<ICredentialStorage, InMemoryCredentialStorage>());
        return builder;
    }

    /// <summary>
    /// Protects credentials with a key ring kept in a local file, created with mode 0600 when absent and never
    /// overwritten. A development setting: in production keep the key away from the data.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="path">The key file; a relative path is under the content root.</param>
    public static ICredentialsBuilder UseKeyFile(this ICredentialsBuilder builder, string path)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.Configure<KeyFileOptions>(o => o.Path = path);
        builder.Services.Replace(ServiceDescriptor.Singleton<IKeyEncryptionKeyProvider, KeyFileKeyProvider>());
        return builder;
    }

    /// <summary>
    /// Protects credentials with a 256-bit key the host supplies (for example from a secret store or an environment
    /// variable). The key id is derived from the key, so the same key always opens the same store.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="key">Exactly 32 bytes. Copied; the caller may wipe its buffer afterwards.</param>
    /// <exception cref="ArgumentException">The key is not 32 bytes.</exception>
    public static ICredentialsBuilder UseMasterKey(this ICredentialsBuilder builder, ReadOnlySpan<byte> key)
    {
        ArgumentNullException.ThrowIfNull(builder);
        MasterKeyProvider.CheckKey(key);
        var copy = key.ToArray();
        builder.Services.Replace(ServiceDescriptor.Singleton<IKeyEncryptionKeyProvider>(_ => new MasterKeyProvider(copy)));
        return builder;
    }

    /// <summary>Adds a template to the catalog, or replaces the one with the same id in place.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="template">The template.</param>
    public static ICredentialsBuilder AddTemplate(this ICredentialsBuilder builder, CredentialTemplate template)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(template);
        builder.Services.Configure<CredentialTemplateOptions>(o => o.Templates.Add(template));
        return builder;
    }
}
