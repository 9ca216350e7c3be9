using System.Diagnostics.CodeAnalysis;
using Credentials;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The operations verbs of <see cref="ICredentialsBuilder"/>: background purge, expiry scan and its events, last used.</summary>
public static class CredentialsOperationsBuilderExtensions
{
    /// <summary>
    /// Enforces <see cref="CredentialsOptions.DeletedRetention"/> in a hosted background service: purges deleted credentials
    /// past their retention at start-up and then every <see cref="PurgeOptions.Interval"/> (one hour), logging one line per
    /// run with the count. Needs a generic host.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">The interval.</param>
    public static ICredentialsBuilder PurgeInBackground(this ICredentialsBuilder builder, Action<PurgeOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CredentialsPurgeService>());
        return builder;
    }

    /// <summary>
    /// Scans the store in a hosted background service, at start-up and then every <see cref="ExpiryScanOptions.Interval"/>,
    /// and raises a <see cref="CredentialEvent"/> to every <see cref="ICredentialEvents"/> for each credential expiring within
    /// <see cref="ExpiryScanOptions.Window"/> or expired, and each OAuth 2.0 credential that needs reconnecting. Needs a
    /// generic host.
    /// </summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">Interval and window.</param>
    public static ICredentialsBuilder ScanExpiryInBackground(this ICredentialsBuilder builder, Action<ExpiryScanOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (configure is not null)
        {
            builder.Services.Configure(configure);
        }

        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, CredentialsExpiryScanService>());
        return builder;
    }

    /// <summary>Registers a handler (a singleton) of the expiry scan's events. Registering the same type twice keeps one.</summary>
    /// <typeparam name="THandler">The handler.</typeparam>
    /// <param name="builder">The builder.</param>
    public static ICredentialsBuilder AddCredentialEvents<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(this ICredentialsBuilder builder)
        where THandler : class, ICredentialEvents
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ICredentialEvents, THandler>());
        return builder;
    }

    /// <summary>Changes how last-used times are kept (<see cref="LastUsedOptions"/>), or turns them off.</summary>
    /// <param name="builder">The builder.</param>
    /// <param name="configure">The settings.</param>
    public static ICredentialsBuilder ConfigureLastUsed(this ICredentialsBuilder builder, Action<LastUsedOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        builder.Services.Configure(configure);
        return builder;
    }
}
