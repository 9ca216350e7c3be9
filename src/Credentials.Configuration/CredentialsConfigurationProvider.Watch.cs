using System.Threading.Channels;
using Credentials.Storage;

namespace Credentials;

/// <summary>
/// Following the store: with notifications (PostgreSQL), each change to one of the organization's shared credentials (or a
/// reset, after which anything may have changed) queues one reload; without them, the change counter (SQLite) is read every
/// <see cref="CredentialsConfigurationOptions.PollInterval"/> and a reload runs only when it moved. A reload that fails
/// (the store is briefly unavailable) is tried again after the poll interval, with the old data kept meanwhile.
/// </summary>
internal sealed partial class CredentialsConfigurationProvider
{
    private readonly Channel<bool> _changes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private Task? _watch;
    private IDisposable? _subscription;

    private void StartWatching()
    {
        if (!_options.ReloadOnChange)
        {
            return;
        }

        _watch = _storage switch
        {
            ICredentialStorageNotifications notifications => Task.Run(() => ListenAsync(notifications, _stop.Token)),
            ICredentialStorageChangeCounter counter => Task.Run(() => PollAsync(counter, _stop.Token)),
            _ => null,
        };

        if (_watch is null)
        {
            ConfigurationLog.NoChangeSignal(_logger, _storage.GetType().Name);
        }
    }

    private void StopWatching()
    {
        Interlocked.Exchange(ref _subscription, null)?.Dispose();
        try
        {
            _watch?.Wait(TimeSpan.FromSeconds(10));
        }
        catch (AggregateException)
        {
            // The loop ends by cancellation; anything else was logged where it happened.
        }
    }

    private async Task PollAsync(ICredentialStorageChangeCounter counter, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                // A counter that cannot be read now ("cannot tell") counts as a change: the reload compares before it signals.
                long current;
                try
                {
                    if (!counter.TryReadChangeCounter(out current))
                    {
                        current = long.MinValue;
                    }
                }
                catch (CredentialStorageException ex)
                {
                    if (!_failing)
                    {
                        _failing = true;
                        ConfigurationLog.LoadFailed(_logger, ex, _organization.Value);
                    }

                    continue;
                }

                if (current == long.MinValue || current != Interlocked.Read(ref _loadedCounter) || _failing)
                {
                    await ReloadAsync(signal: true, throwOnFailure: false, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task ListenAsync(ICredentialStorageNotifications notifications, CancellationToken cancellationToken)
    {
        try
        {
            await SubscribeAsync(notifications, cancellationToken).ConfigureAwait(false);

            // Whatever changed between the first load and the subscription is read now (a no-op when nothing did).
            _changes.Writer.TryWrite(true);
            while (await _changes.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                _changes.Reader.TryRead(out _);
                if (!await ReloadAsync(signal: true, throwOnFailure: false, cancellationToken).ConfigureAwait(false))
                {
                    await Task.Delay(_options.PollInterval, _time, cancellationToken).ConfigureAwait(false);
                    _changes.Writer.TryWrite(true);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Subscribes, trying again with back-off (up to 30 s) while the store cannot be reached.</summary>
    private async Task SubscribeAsync(ICredentialStorageNotifications notifications, CancellationToken cancellationToken)
    {
        var delay = _options.PollInterval;
        while (true)
        {
            try
            {
                var subscription = await notifications.SubscribeAsync(OnStorageChanged, cancellationToken).ConfigureAwait(false);
                if (Interlocked.CompareExchange(ref _subscription, subscription, null) is not null || cancellationToken.IsCancellationRequested)
                {
                    subscription.Dispose();
                }

                return;
            }
            catch (CredentialStorageException ex)
            {
                ConfigurationLog.SubscribeFailed(_logger, ex, _organization.Value);
                await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    private void OnStorageChanged(CredentialStorageChange change)
    {
        var relevant = change.Kind switch
        {
            CredentialStorageChangeKind.Reset => true,
            CredentialStorageChangeKind.Credential => change.OwnerUserId is null
                && string.Equals(change.OrganizationId, _organization.Value, StringComparison.Ordinal),
            _ => false,
        };

        if (relevant)
        {
            _changes.Writer.TryWrite(true);
        }
    }
}
