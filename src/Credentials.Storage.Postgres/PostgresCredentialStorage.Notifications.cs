namespace Credentials.Storage.Postgres;

/// <summary>Change notifications: one listening connection per storage, started by the first subscriber.</summary>
public sealed partial class PostgresCredentialStorage
{
    /// <inheritdoc/>
    public Task<IDisposable> SubscribeAsync(Action<CredentialStorageChange> onChange, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (!ListenForChanges)
        {
            return Task.FromResult<IDisposable>(NoSubscription.Instance);
        }

        var listener = Volatile.Read(ref _listener);
        if (listener is null)
        {
            var created = new PostgresChangeListener(_dataSource, _sql, _failure, _logger) { IdleCheckInterval = ListenerIdleCheckInterval };
            listener = Interlocked.CompareExchange(ref _listener, created, null) ?? created;
        }

        return listener.SubscribeAsync(onChange, cancellationToken);
    }

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();

        public void Dispose()
        {
        }
    }
}
