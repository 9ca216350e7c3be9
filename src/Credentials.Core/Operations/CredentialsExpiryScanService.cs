using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary><c>ScanExpiryInBackground()</c>: scans at start-up and then every <see cref="ExpiryScanOptions.Interval"/>.</summary>
internal sealed class CredentialsExpiryScanService(
    ExpiryScanner scanner,
    IOptions<ExpiryScanOptions> options,
    TimeProvider time,
    ILoggerFactory? loggerFactory = null) : BackgroundService
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.ExpiryScan");

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.Interval;
        return PeriodicRun.LoopAsync(interval, time, scanner.ScanAsync, ex => OperationsLog.ExpiryScanFailed(_logger, ex, interval), stoppingToken);
    }
}
