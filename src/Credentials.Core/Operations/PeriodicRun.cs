namespace Credentials;

/// <summary>
/// The loop of the vault's background services (rewrap, purge, expiry scan): run once at start-up, then every interval,
/// until the host stops. A failed run is reported and the loop goes on: nothing is half-done after a run, and the next one
/// resumes (a database that was down, a store being migrated must not stop the host).
/// </summary>
internal static class PeriodicRun
{
    public static async Task LoopAsync(
        TimeSpan interval,
        TimeProvider time,
        Func<CancellationToken, Task> run,
        Action<Exception> failed,
        CancellationToken stoppingToken)
    {
        // Leave host start-up first.
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await run(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                failed(ex);
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
