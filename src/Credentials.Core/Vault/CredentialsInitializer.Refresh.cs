namespace Credentials;

/// <summary>
/// What keeps several processes on one store consistent after a rotation or a retirement made by one of them: a
/// process re-reads its ring when it meets a key it does not have, and when the store refuses a write because the key
/// it sealed under was retired (the storage's fence, <c>StorageWriteResult.KeyRetired</c>).
/// </summary>
/// <remarks>
/// Re-reads are single-flight, not rate-limited: callers that meet an unknown key at the same time share one re-read,
/// and a caller only relies on a re-read that started after it looked (a key is in the ring before anything is sealed
/// under it, so such a re-read sees it). A re-read already under way when a caller looks is waited for and followed by
/// one more, shared by everyone who arrived meanwhile: however many callers, at most two re-reads per burst.
/// </remarks>
internal sealed partial class CredentialsInitializer
{
    private readonly Lock _refreshLock = new();
    private long _refreshesStarted;
    private Task _refreshRunning = Task.CompletedTask;
    private Task? _refreshQueued;

    /// <summary>How many times this process has re-read its keys (internal: tests bound it).</summary>
    internal long RefreshCount => Volatile.Read(ref _refreshesStarted);

    /// <summary>
    /// Before opening a credential: when its key is unknown here, another process may have rotated and rewrapped it, so
    /// the ring is re-read and any new key checked like at start-up. Costs one dictionary lookup when the key is known.
    /// Only a key still unknown after a re-read that started after this call looked is an integrity failure (the open
    /// then says so).
    /// </summary>
    public ValueTask EnsureKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        if (keys is not IKeyRingMetadata || _retirements.IsRetired(keyId))
        {
            return ValueTask.CompletedTask;
        }

        var seen = Volatile.Read(ref _refreshesStarted);
        return keys.FindKey(keyId) is not null
            ? ValueTask.CompletedTask
            : new ValueTask(RefreshStartedAfter(seen).WaitAsync(cancellationToken));
    }

    /// <summary>
    /// Before sealing: the key to seal under (the primary), recorded in the store (its key check) if this process has not
    /// done so yet. A primary known to be retired is replaced by the ring's newer one, or the write is refused.
    /// </summary>
    /// <exception cref="CredentialException">The primary key is retired and the key provider has no newer key.</exception>
    public async Task<IKeyEncryptionKey> PrepareWriteAsync(CancellationToken cancellationToken)
    {
        var primary = keys.PrimaryKey;
        if (_retirements.IsRetired(primary.KeyId))
        {
            await RefreshStartedAfter(Volatile.Read(ref _refreshesStarted)).WaitAsync(cancellationToken).ConfigureAwait(false);
            primary = keys.PrimaryKey;
            if (_retirements.IsRetired(primary.KeyId))
            {
                throw new CredentialException(
                    $"The primary key '{primary.KeyId}' was retired by another instance, and this instance's key provider has no newer key. " +
                    "Configure the current key ring (or rotate); nothing was written.");
            }
        }

        await RegisterKeyAsync(primary, cancellationToken).ConfigureAwait(false);
        return primary;
    }

    /// <summary>
    /// After the store refused a write sealed under <paramref name="keyId"/> because that key is retired: another instance
    /// rotated, rewrapped and retired it. Records the retirement, re-reads the keys and returns the key to seal under now.
    /// </summary>
    /// <exception cref="CredentialException">The key provider has no newer key than the retired one.</exception>
    public async Task<IKeyEncryptionKey> OnKeyRetiredAsync(string keyId, CancellationToken cancellationToken)
    {
        _retirements.Add(keyId);
        cache?.Clear();
        var seen = Volatile.Read(ref _refreshesStarted);
        await RefreshStartedAfter(seen).WaitAsync(cancellationToken).ConfigureAwait(false);
        return await PrepareWriteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Re-reads the keys and the retirements (a re-read that starts after this call; shared with concurrent callers).</summary>
    public Task RefreshKeysAsync(CancellationToken cancellationToken) =>
        RefreshStartedAfter(Volatile.Read(ref _refreshesStarted)).WaitAsync(cancellationToken);

    /// <summary>A re-read that starts after the caller read <paramref name="seen"/>: joined when one exists, else started.</summary>
    private Task RefreshStartedAfter(long seen)
    {
        lock (_refreshLock)
        {
            if (_refreshesStarted > seen)
            {
                return _refreshRunning;
            }

            if (_refreshQueued is not null)
            {
                return _refreshQueued;
            }

            if (!_refreshRunning.IsCompleted)
            {
                _refreshQueued = RefreshAfterAsync(_refreshRunning);
                return _refreshQueued;
            }

            return StartRefreshLocked();
        }
    }

    private Task StartRefreshLocked()
    {
        _refreshesStarted++;
        _refreshRunning = RefreshCoreAsync();
        return _refreshRunning;
    }

    private async Task RefreshAfterAsync(Task running)
    {
        // Always yields, so the caller has stored this task as the queued one before it starts the next re-read.
        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing | ConfigureAwaitOptions.ForceYielding);
        Task next;
        lock (_refreshLock)
        {
            _refreshQueued = null;
            next = StartRefreshLocked();
        }

        await next.ConfigureAwait(false);
    }

    /// <summary>One re-read: the ring (new keys, a new primary, retirements) and the store's retired keys. Reads only.</summary>
    private async Task RefreshCoreAsync()
    {
        // Shared by every caller waiting for it, so no caller's token may cancel it; each caller stops waiting on its own.
        await Task.Yield();
        var none = CancellationToken.None;
        if (keys is IKeyRingMetadata ring)
        {
            var known = keys.Keys.Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal);
            await ring.RefreshAsync(none).ConfigureAwait(false);
            foreach (var key in keys.Keys)
            {
                if (!known.Contains(key.KeyId))
                {
                    await CheckKeyAsync(key, writeIfMissing: false, none).ConfigureAwait(false);
                }
            }
        }

        await ReloadRetirementsAsync(none).ConfigureAwait(false);
    }
}
