using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// <c>PurgeInBackground()</c>: enforces <see cref="CredentialsOptions.DeletedRetention"/> at start-up and then every
/// <see cref="PurgeOptions.Interval"/>, with one log line per run (the count, the cutoff, the retention). Each purged
/// credential gets a <c>purged</c> audit record by "system" in the same transaction.
/// </summary>
internal sealed class CredentialsPurgeService(
    CredentialDeletions deletions,
    IOptions<PurgeOptions> options,
    IOptions<CredentialsOptions> credentialsOptions,
    TimeProvider time,
    ILoggerFactory? loggerFactory = null) : BackgroundService
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Purge");

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        return PeriodicRun.LoopAsync(
            interval,
            time,
            async token =>
            {
                var retention = credentialsOptions.Value.DeletedRetention;
                var cutoff = time.GetUtcNow() - retention;
                var count = await deletions.PurgeExpiredAsync(token).ConfigureAwait(false);
                OperationsLog.PurgeRun(_logger, count, cutoff, retention, interval);
            },
            ex => OperationsLog.PurgeFailed(_logger, ex, interval),
            stoppingToken);
    }
}
