using System.Collections.Immutable;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Credentials.Storage.Postgres;

/// <summary>
/// One connection per storage that LISTENs on the schema's channel, started by the first subscriber. A lost connection is
/// reopened with back-off, and subscribers then get a <see cref="CredentialStorageChangeKind.Reset"/> (notifications sent
/// meanwhile are gone). An idle connection is pinged, so a silently dead peer is noticed within
/// <see cref="IdleCheckInterval"/> plus the command timeout.
/// </summary>
internal sealed class PostgresChangeListener : IAsyncDisposable
{
    private static readonly TimeSpan MinReconnectDelay = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan MaxReconnectDelay = TimeSpan.FromSeconds(30);

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStatements _sql;
    private readonly PostgresFailure _failure;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private ImmutableArray<Action<CredentialStorageChange>> _subscribers = [];
    private TaskCompletionSource _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _loop;

    // Odd while listening: moves when the connection listens and when it is lost (see TryReadEpoch).
    private long _epoch;

    public PostgresChangeListener(NpgsqlDataSource dataSource, PostgresStatements sql, PostgresFailure failure, ILogger logger)
    {
        _dataSource = dataSource;
        _sql = sql;
        _failure = failure;
        _logger = logger;
    }

    /// <summary>How long the connection may stay silent before it is pinged.</summary>
    public TimeSpan IdleCheckInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The backend process id of the listening connection, while there is one (tests use it to cut the connection).</summary>
    public int? ListeningProcessId { get; private set; }

    /// <summary>
    /// The listening epoch: true while the connection listens, with a value that changes each time it is lost or listens
    /// again, so what was read under one epoch is not trusted under the next (notifications in between may be lost).
    /// </summary>
    public bool TryReadEpoch(out long epoch)
    {
        epoch = Volatile.Read(ref _epoch);
        return (epoch & 1) == 1;
    }

    public async Task<IDisposable> SubscribeAsync(Action<CredentialStorageChange> onChange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        Task listening;
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
            _subscribers = _subscribers.Add(onChange);
            _loop ??= Task.Run(RunAsync);
            listening = _listening.Task;
        }

        var subscription = new Subscription(this, onChange);
        try
        {
            await listening.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            subscription.Dispose();
            throw;
        }

        return subscription;
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_lock)
        {
            if (_stop.IsCancellationRequested)
            {
                return;
            }

            _stop.Cancel();
            loop = _loop;
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }

        _listening.TrySetCanceled();
        _stop.Dispose();
    }

    private void Unsubscribe(Action<CredentialStorageChange> onChange)
    {
        lock (_lock)
        {
            _subscribers = _subscribers.Remove(onChange);
        }
    }

    private async Task RunAsync()
    {
        var token = _stop.Token;
        var delay = MinReconnectDelay;
        var listenedBefore = false;
        while (!token.IsCancellationRequested)
        {
            NpgsqlConnection? connection = null;
            try
            {
                connection = await _dataSource.OpenConnectionAsync(token).ConfigureAwait(false);
                connection.Notification += OnNotification;
                await using (var listen = new NpgsqlCommand(_sql.Listen, connection))
                {
                    await listen.ExecuteNonQueryAsync(token).ConfigureAwait(false);
                }

                ListeningProcessId = connection.ProcessID;
                Interlocked.Increment(ref _epoch);
                delay = MinReconnectDelay;
                if (listenedBefore)
                {
                    // Listening again: whatever was sent while the connection was down is lost, so everything may have changed.
                    PostgresLog.ListenerResumed(_logger, _sql.Channel);
                    Publish(new CredentialStorageChange(CredentialStorageChangeKind.Reset, null, null));
                }
                else
                {
                    PostgresLog.ListenerStarted(_logger, _sql.Channel);
                }

                listenedBefore = true;
                _listening.TrySetResult();
                while (true)
                {
                    if (!await connection.WaitAsync(IdleCheckInterval, token).ConfigureAwait(false))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(token).ConfigureAwait(false);
                    }
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // Whatever broke the connection, the loop must live on and reconnect: it is the only listener.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                ListeningProcessId = null;
                PostgresLog.ListenerLost(_logger, ex, _sql.Channel, delay);
                lock (_lock)
                {
                    // Subscribers waiting for the first LISTEN learn that it failed (as a storage error, never the driver's
                    // own exception); later ones wait for the next attempt.
                    if (_listening.TrySetException(ex is NpgsqlException driver ? _failure.Map(driver) : ex))
                    {
                        _listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    }
                }
            }
            finally
            {
                if ((Volatile.Read(ref _epoch) & 1) == 1)
                {
                    // Not listening any more: nothing read from now on may be reused until notifications flow again.
                    Interlocked.Increment(ref _epoch);
                }

                if (connection is not null)
                {
                    connection.Notification -= OnNotification;
                    await ReleaseAsync(connection).ConfigureAwait(false);
                }
            }

            try
            {
                await Task.Delay(delay, token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxReconnectDelay.Ticks));
        }

        ListeningProcessId = null;
    }

    /// <summary>
    /// Returns the connection to the pool without its LISTEN (a pool without reset on close, like the storage's own, would
    /// otherwise hand it out still listening); a broken one is simply discarded.
    /// </summary>
    private static async Task ReleaseAsync(NpgsqlConnection connection)
    {
        try
        {
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await using var unlisten = new NpgsqlCommand("UNLISTEN *", connection);
                await unlisten.ExecuteNonQueryAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or IOException or TimeoutException)
        {
            // Broken: disposing it below drops it from the pool.
        }

        await connection.DisposeAsync().ConfigureAwait(false);
    }

    private void OnNotification(object sender, NpgsqlNotificationEventArgs e)
    {
        if (string.Equals(e.Channel, _sql.Channel, StringComparison.Ordinal))
        {
            Publish(Parse(e.Payload));
        }
    }

    private void Publish(CredentialStorageChange change)
    {
        foreach (var subscriber in _subscribers)
        {
            try
            {
                subscriber(change);
            }
#pragma warning disable CA1031 // One subscriber's bug must not stop the others or the listening loop.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                PostgresLog.SubscriberFailed(_logger, ex);
            }
        }
    }

    /// <summary>Reads the trigger's payload (<c>{"kind":..., "org":..., "owner":..., "name":...}</c>); anything else is a reset.</summary>
    internal static CredentialStorageChange Parse(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            var kind = root.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
            var org = root.TryGetProperty("org", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
            var name = root.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var owner = root.TryGetProperty("owner", out var w) && w.ValueKind == JsonValueKind.String && w.GetString() is { Length: > 0 } ownerText ? ownerText : null;
            return kind switch
            {
                "credential" when org is not null && name is not null =>
                    new CredentialStorageChange(CredentialStorageChangeKind.Credential, org, name) { OwnerUserId = owner },
                "setting" when name is not null => new CredentialStorageChange(CredentialStorageChangeKind.Setting, null, name),
                _ => new CredentialStorageChange(CredentialStorageChangeKind.Reset, null, null),
            };
        }
        catch (JsonException)
        {
            return new CredentialStorageChange(CredentialStorageChangeKind.Reset, null, null);
        }
    }

    private sealed class Subscription(PostgresChangeListener owner, Action<CredentialStorageChange> onChange) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(onChange);
            }
        }
    }
}
