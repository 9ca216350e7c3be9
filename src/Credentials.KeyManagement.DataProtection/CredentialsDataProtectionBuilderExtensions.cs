using Credentials;
using Microsoft.AspNetCore.DataProtection;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The <c>ProtectKeysWithDataProtection()</c> verb of <see cref="ICredentialsBuilder"/>.</summary>
public static class CredentialsDataProtectionBuilderExtensions
{
    /// <summary>
    /// Protects credentials with a key ring kept in the credential store, each key wrapped by the host's ASP.NET Core
    /// Data Protection. The host registers Data Protection itself (<c>services.AddDataProtection()</c>) with persistent,
    /// protected keys and a fixed application name: if those keys are lost or changed, the stored credentials cannot
    /// be opened (the vault then refuses to start rather than write anything).
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <exception cref="CredentialException">At start-up, when no <see cref="IDataProtectionProvider"/> is registered.</exception>
    public static ICredentialsBuilder ProtectKeysWithDataProtection(this ICredentialsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder.ProtectKeysWith(sp => new DataProtectionKeyRingProtection(
            sp.GetService<IDataProtectionProvider>()
            ?? throw new CredentialException(
                "ProtectKeysWithDataProtection() needs the host's Data Protection: call services.AddDataProtection() with persistent keys " +
                "(for example PersistKeysToFileSystem) and SetApplicationName(...).")));
    }
}
