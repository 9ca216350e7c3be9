using Credentials;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds the vault's health check to a host's health checks.</summary>
public static class CredentialsHealthChecksBuilderExtensions
{
    /// <summary>The tag every check of this package carries.</summary>
    public const string Tag = "credentials";

    /// <summary>
    /// Adds the check <c>credentials</c> (tag <c>credentials</c>): the store is reachable, every key id that wraps stored
    /// credentials opens (its key check), the primary key is not retired; Degraded when credentials have expired or OAuth 2.0
    /// credentials need reconnecting. Needs <c>AddCredentials()</c>.
    /// </summary>
    /// <param name="builder">The health checks builder (<c>services.AddHealthChecks()</c>).</param>
    /// <param name="name">The check's name.</param>
    /// <param name="failureStatus">What an unhealthy vault reports; <see cref="HealthStatus.Unhealthy"/> when null.</param>
    /// <param name="tags">More tags beside <c>credentials</c>.</param>
    public static IHealthChecksBuilder AddCredentialsHealthChecks(
        this IHealthChecksBuilder builder,
        string name = "credentials",
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.Add(new HealthCheckRegistration(
            name,
            sp => new CredentialsHealthCheck(sp.GetRequiredService<CredentialsHealth>()),
            failureStatus,
            [Tag, .. tags ?? []]));
    }
}
