using Microsoft.Extensions.Hosting;

namespace Credentials;

/// <summary>Makes a generic host fail at start-up, with a clear message, when the store or its keys are not usable.</summary>
internal sealed class CredentialsStartupService(CredentialsInitializer initializer) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => initializer.EnsureAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
