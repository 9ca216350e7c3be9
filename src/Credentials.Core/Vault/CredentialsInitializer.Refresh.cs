namespace Credentials;

/// <summary>
/// What keeps several processes on one store consistent after a rotation or a retirement made by one of them: a
/// process re-reads its ring when it meets a key it does not have, and checks before each write that its primary key
/// has not been retired in the store.
/// </summary>
internal sealed partial class CredentialsInitializer
{
    private static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(1);
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private long? _lastRefresh;

    /// <summary>
    /// Before opening a credential: when its key is unknown here, another process may have rotated and rewrapped it,
    /// so the ring is re-read (at most once a second) and any new key checked like at start-up. Costs one dictionary
    /// lookup when the key is known.
    /// </summary>
    public ValueTask EnsureKeyAsync(string keyId, CancellationToken cancellationToken) =>
        keys.FindKey(keyId) is not null || keys is not IKeyRingMetadata
            ? ValueTask.CompletedTask
            : new ValueTask(RefreshAsync(force: false, cancellationToken));

    /// <summary>
    /// Before sealing: one settings read. If the primary key was retired (by another process: this one never retires its
    /// primary), the ring is re-read for the newer primary; when there is none, the write is refused, so nothing is ever
    /// sealed under a retired key.
    /// </summary>
    public async Task EnsureWritableAsync(CancellationToken cancellationToken)
    {
        if (!_retirements.IsRetired(keys.PrimaryKey.KeyId) && !await IsRetiredInStoreAsync(keys.PrimaryKey.KeyId, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        _retirements.Add(keys.PrimaryKey.KeyId);
        if (keys is IKeyRingMetadata)
        {
            await RefreshAsync(force: true, cancellationToken).ConfigureAwait(false);
        }

        var primary = keys.PrimaryKey.KeyId;
        if (_retirements.IsRetired(primary) || await IsRetiredInStoreAsync(primary, cancellationToken).ConfigureAwait(false))
        {
            _retirements.Add(primary);
            throw new CredentialException(
                $"The primary key '{primary}' has been retired in this credential store, and the key provider has no newer key. " +
                "Configure the current key ring (or rotate); nothing was written.");
        }
    }

    private async Task RefreshAsync(bool force, CancellationToken cancellationToken)
    {
        await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!force && _lastRefresh is { } last && _time.GetElapsedTime(last) < MinRefreshInterval)
            {
                return;
            }

            _lastRefresh = _time.GetTimestamp();
            var ring = (IKeyRingMetadata)keys;
            var known = keys.Keys.Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal);
            await ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
            foreach (var key in keys.Keys)
            {
                if (!known.Contains(key.KeyId))
                {
                    await RegisterKeyAsync(key, cancellationToken).ConfigureAwait(false);
                }

                if (ring.IsRetired(key.KeyId) || await IsRetiredInStoreAsync(key.KeyId, cancellationToken).ConfigureAwait(false))
                {
                    _retirements.Add(key.KeyId);
                }
            }
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    private async Task<bool> IsRetiredInStoreAsync(string keyId, CancellationToken cancellationToken) =>
        await storage.GetSettingAsync(KeySettings.Retired(keyId), cancellationToken).ConfigureAwait(false) is not null;
}
