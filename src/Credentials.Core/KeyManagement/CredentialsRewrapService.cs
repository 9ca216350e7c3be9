using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// <c>RewrapInBackground()</c>: rewraps at start-up and then every <see cref="RewrapOptions.BackgroundInterval"/>, so a
/// rotation (here or in another process) is followed by a rewrap without anyone calling it. Logs ids and counts only.
/// </summary>
internal sealed class CredentialsRewrapService(
    ICredentialKeyManager keyManager,
    IOptions<RewrapOptions> options,
    TimeProvider time,
    ILoggerFactory? loggerFactory = null) : BackgroundService
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Keys.Background");

    // The key manager waits for the store's own start-up checks, and logs start, progress (at debug level) and the outcome
    // with counts.
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.BackgroundInterval;
        return PeriodicRun.LoopAsync(
            interval,
            time,
            token => keyManager.RewrapAsync(null, token),
            ex => KeyLog.BackgroundRewrapFailed(_logger, ex, interval),
            stoppingToken);
    }
}
