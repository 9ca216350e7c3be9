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

    /// <summary>
    /// Changes whenever notifications may have been missed: each time the listening connection is lost and each time it
    /// listens again. False while nobody subscribed or the connection is down (then nothing read may be reused). Changes
    /// themselves are announced by the notifications (<see cref="SubscribeAsync"/>): a reader that combines the two is
    /// stale for at most the notification delay, or, when the network fails silently, until the idle check notices
    /// (every 30 seconds by default, plus the command timeout).
    /// </summary>
    /// <param name="counter">The counter, when the method returns true.</param>
    /// <returns>Whether the listening connection is up.</returns>
    public bool TryReadChangeCounter(out long counter)
    {
        counter = 0;
        return Volatile.Read(ref _listener) is { } listener && listener.TryReadEpoch(out counter);
    }

    private sealed class NoSubscription : IDisposable
    {
        public static readonly NoSubscription Instance = new();

        public void Dispose()
        {
        }
    }
}
