using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Credentials;

/// <summary>
/// The vault's health: Unhealthy when the store cannot be read, a key id that wraps stored credentials does not open
/// (missing from the key provider, retired, or failing its key check) or the primary key is retired; Degraded when
/// credentials have expired or OAuth 2.0 credentials need reconnecting; Healthy otherwise. The description and data name
/// key ids and counts, never a value, a path or a connection string (the store's own error is the result's exception).
/// </summary>
internal sealed class CredentialsHealthCheck(CredentialsHealth health) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var report = await health.CheckAsync(cancellationToken).ConfigureAwait(false);
        var status = report.Level switch
        {
            CredentialsHealthLevel.Healthy => HealthStatus.Healthy,
            CredentialsHealthLevel.Degraded => HealthStatus.Degraded,
            _ => context?.Registration.FailureStatus ?? HealthStatus.Unhealthy,
        };
        return new HealthCheckResult(status, report.Description, report.Exception, report.Data);
    }
}
