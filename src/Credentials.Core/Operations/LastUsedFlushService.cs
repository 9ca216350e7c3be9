using Microsoft.Extensions.Hosting;

namespace Credentials;

/// <summary>Flushes the noted last-used times when the host stops (the container's disposal flushes too, without a host).</summary>
internal sealed class LastUsedFlushService(LastUsedTracker tracker) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => tracker.FlushAsync(cancellationToken);
}
