using System.Collections.Concurrent;
using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Notes resolves in memory and writes last-used times in the background, so a resolve pays one dictionary read (and,
/// at most once per <see cref="LastUsedOptions.Resolution"/> per credential, one dictionary write), never a store write.
/// A timer flushes the noted uses every <see cref="LastUsedOptions.FlushInterval"/> in one batch
/// (<see cref="ICredentialStorage.UpdateLastUsedAsync"/>, which only moves a time forward); disposing flushes what is left.
/// A credential is written at most once per resolution window: after a write, its next use is noted only once the window
/// has passed. A failed flush (a store opened read-only, a database down) is logged and its uses are dropped: last-used is
/// a hint, never worth failing or slowing a resolve.
/// </summary>
internal sealed class LastUsedTracker : IAsyncDisposable, IDisposable
{
    private readonly ConcurrentDictionary<(string Org, Guid Id), long> _nextAllowed = new();
    private readonly ConcurrentDictionary<(string Org, Guid Id), long> _pending = new();
    private readonly ICredentialStorage _storage;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly long _resolutionTicks;
    private readonly TimeSpan _flushInterval;
    private readonly SemaphoreSlim _flushGate = new(1, 1);
    private readonly Lock _timerLock = new();
    private ITimer? _timer;
    private int _disposed;

    public LastUsedTracker(ICredentialStorage storage, IOptions<LastUsedOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _storage = storage;
        _time = time;
        Enabled = settings.Enabled;
        _resolutionTicks = settings.Resolution.Ticks;
        _flushInterval = settings.FlushInterval;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.LastUsed");
    }

    public bool Enabled { get; }

    /// <summary>Notes that a credential was resolved now. The hot path: one read of the window in most calls.</summary>
    public void Touch(string organizationId, Guid id)
    {
        if (!Enabled)
        {
            return;
        }

        var now = _time.GetUtcNow().UtcTicks;
        var key = (organizationId, id);
        if (_nextAllowed.TryGetValue(key, out var next) && now < next)
        {
            return;
        }

        // Noted: no other note until the window has passed, whatever the flush does meanwhile.
        _nextAllowed[key] = now + _resolutionTicks;
        _pending[key] = now;
        EnsureTimer();
    }

    /// <summary>Writes every noted use in one batch. Returns how many credentials moved.</summary>
    public async Task<int> FlushAsync(CancellationToken cancellationToken = default)
    {
        if (_pending.IsEmpty)
        {
            return 0;
        }

        await _flushGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var batch = new List<CredentialUsage>(_pending.Count);
            foreach (var pair in _pending)
            {
                if (_pending.TryRemove(pair))
                {
                    batch.Add(new CredentialUsage(pair.Key.Org, pair.Key.Id, new DateTimeOffset(pair.Value - (pair.Value % 10), TimeSpan.Zero)));
                }
            }

            if (batch.Count == 0)
            {
                return 0;
            }

            try
            {
                return await _storage.UpdateLastUsedAsync(batch, cancellationToken).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Last-used is a hint: whatever the store throws (a read-only file, a full disk, a provider disposed first), the uses are dropped and logged.
            catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
            {
                OperationsLog.LastUsedFlushFailed(_logger, ex, batch.Count);
                return 0;
            }
        }
        finally
        {
            _flushGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _timer?.Dispose();
        await FlushAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void EnsureTimer()
    {
        if (_timer is not null || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        lock (_timerLock)
        {
            _timer ??= _time.CreateTimer(_ => _ = FlushInBackgroundAsync(), null, _flushInterval, _flushInterval);
        }
    }

    private async Task FlushInBackgroundAsync()
    {
        try
        {
            await FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A background flush must never take the process down; FlushAsync logs storage failures.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            OperationsLog.LastUsedFlushFailed(_logger, ex, 0);
        }
    }
}
