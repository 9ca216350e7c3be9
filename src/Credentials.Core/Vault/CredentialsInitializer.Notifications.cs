using Credentials.Storage;

namespace Credentials;

/// <summary>
/// Where the storage announces changes made by other processes (<see cref="ICredentialStorageNotifications"/>, for
/// example PostgreSQL's LISTEN/NOTIFY): a change to key state in the store (a ring entry, key check, first-seen time or
/// retirement, all settings named <c>key-…</c>) reloads the ring and the retirements here within moments, so this
/// process writes under another instance's new primary without a restart and never under a key retired elsewhere. A
/// credential changed elsewhere is dropped from the resolve cache at once, and a reset or a retirement clears it.
/// </summary>
internal sealed partial class CredentialsInitializer : IDisposable
{
    private const string KeySettingPrefix = "key-";
    private static readonly string RetiredSettingPrefix = KeySettings.Retired(string.Empty);

    private readonly Lock _changeLock = new();
    private IDisposable? _subscription;
    private bool _started;
    private bool _changedBeforeStart;
    private int _reloadQueued;

    public void Dispose()
    {
        lock (_changeLock)
        {
            _subscription?.Dispose();
            _subscription = null;
        }
    }

    /// <summary>Subscribes once, before the keys are loaded, so that no change committed after the load can be missed.</summary>
    private async Task SubscribeToChangesAsync(CancellationToken cancellationToken)
    {
        if (storage is not ICredentialStorageNotifications notifications || Volatile.Read(ref _subscription) is not null)
        {
            return;
        }

        var subscription = await notifications.SubscribeAsync(OnStorageChanged, cancellationToken).ConfigureAwait(false);
        lock (_changeLock)
        {
            if (_subscription is null)
            {
                _subscription = subscription;
                return;
            }
        }

        subscription.Dispose();
    }

    /// <summary>The last step of start-up: from now on changes reload at once; one seen during start-up reloads now.</summary>
    private async Task MarkStartedAsync(CancellationToken cancellationToken)
    {
        bool pending;
        lock (_changeLock)
        {
            _started = true;
            pending = _changedBeforeStart;
            _changedBeforeStart = false;
        }

        if (pending)
        {
            await ReloadKeyStateAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnStorageChanged(CredentialStorageChange change)
    {
        if (change is { Kind: CredentialStorageChangeKind.Credential, OrganizationId: { } org, Name: { } key })
        {
            cache?.Invalidate(org, change.OwnerUserId, key);
            return;
        }

        if (change.Kind == CredentialStorageChangeKind.Reset
            || (change.Kind == CredentialStorageChangeKind.Setting && change.Name?.StartsWith(RetiredSettingPrefix, StringComparison.Ordinal) == true))
        {
            // Missed changes, or values that may now be under a retired key: nothing cached can be trusted.
            cache?.Clear();
        }

        var affectsKeys = change.Kind == CredentialStorageChangeKind.Reset
            || (change.Kind == CredentialStorageChangeKind.Setting && change.Name?.StartsWith(KeySettingPrefix, StringComparison.Ordinal) == true);
        if (!affectsKeys)
        {
            return;
        }

        lock (_changeLock)
        {
            if (!_started)
            {
                _changedBeforeStart = true;
                return;
            }
        }

        // Coalesced: a rotation announces several settings; one reload that starts after the last of them sees them all.
        if (Interlocked.Exchange(ref _reloadQueued, 1) == 0)
        {
            _ = Task.Run(ReloadInBackgroundAsync);
        }
    }

    private async Task ReloadInBackgroundAsync()
    {
        Volatile.Write(ref _reloadQueued, 0);
        try
        {
            await ReloadKeyStateAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A background reload must never crash the process; the next write or unknown key tries again.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            KeyLog.RemoteKeyChangeFailed(_logger, ex);
        }
    }

    private async Task ReloadKeyStateAsync(CancellationToken cancellationToken)
    {
        var primary = keys.PrimaryKey.KeyId;
        var count = keys.Keys.Count;

        // A re-read that starts after the notification arrived (shared with any caller that meets an unknown key meanwhile).
        await RefreshStartedAfter(Volatile.Read(ref _refreshesStarted)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (!string.Equals(primary, keys.PrimaryKey.KeyId, StringComparison.Ordinal) || count != keys.Keys.Count)
        {
            KeyLog.RemoteKeyChangeApplied(_logger, keys.PrimaryKey.KeyId, keys.Keys.Count);
        }
    }
}
