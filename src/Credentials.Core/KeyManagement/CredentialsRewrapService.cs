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

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Leave host start-up first; the key manager waits for the store's own start-up checks.
        await Task.Yield();
        var interval = options.Value.BackgroundInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // The key manager logs start, progress (at debug level) and the outcome with counts.
                await keyManager.RewrapAsync(null, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A failed run (a database that was down, a credential store being migrated) must not stop the host:
                // nothing is half-done after it, and the next run resumes.
                KeyLog.BackgroundRewrapFailed(_logger, ex, interval);
            }

            try
            {
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
