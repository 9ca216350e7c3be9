using Credentials;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The SMTP live check verb of <see cref="ICredentialsBuilder"/>.</summary>
public static class SmtpCheckBuilderExtensions
{
    /// <summary>
    /// Registers the SMTP live check: <see cref="ICredentialChecker"/> then connects to the server, negotiates the
    /// credential's encryption (none, STARTTLS or TLS from the first byte) and authenticates when a user name is set.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Changes to <see cref="SmtpCheckOptions"/>.</param>
    public static ICredentialsBuilder AddSmtpCheck(this ICredentialsBuilder builder, Action<SmtpCheckOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.Services.AddOptions<SmtpCheckOptions>().ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SmtpCheckOptions>, SmtpCheckOptionsValidator>());
        return builder.AddCredentialCheck<SmtpCredentialCheck>();
    }
}
