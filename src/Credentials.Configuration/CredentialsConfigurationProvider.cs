using Credentials.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials;

/// <summary>
/// One organization's shared credentials as configuration, read through a private vault that this provider builds and
/// owns (configuration is built before the host's services exist). Loads once when the configuration is built, again on
/// <c>IConfigurationRoot.Reload()</c> (refresh now), and, with <see cref="CredentialsConfigurationOptions.ReloadOnChange"/>,
/// when the store says something changed (<see cref="StartWatching"/>). A reload replaces the data and fires the change
/// token only when a loaded value differs. Logs keys and counts, never a value.
/// </summary>
internal sealed partial class CredentialsConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly OrganizationId _organization;
    private readonly CredentialsConfigurationOptions _options;
    private readonly ServiceProvider _services;
    private readonly ICredentialStore _store;
    private readonly ICredentialResolver _resolver;
    private readonly ICredentialStorage _storage;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private long _loadedCounter = long.MinValue; // the change counter read before the data that is loaded
    private volatile bool _failing;
    private bool _loaded;
    private int _reads;

    public CredentialsConfigurationProvider(OrganizationId organization, Action<ICredentialsBuilder> configure, CredentialsConfigurationOptions options)
    {
        _organization = organization;
        _options = options;
        var services = new ServiceCollection();
        var builder = services.AddCredentialsCore();
        configure(builder);

        // Every load must read the store: a resolve cache of the private vault would hide another process's change.
        services.PostConfigure<ResolveCacheOptions>(o => o.Enabled = false);
        _services = services.BuildServiceProvider();
        _store = _services.GetRequiredService<ICredentialStore>();
        _resolver = _services.GetRequiredService<ICredentialResolver>();
        _storage = _services.GetRequiredService<ICredentialStorage>();
        _time = _services.GetService<TimeProvider>() ?? TimeProvider.System;
        _logger = (_services.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Configuration");
    }

    /// <summary>The first load (when the configuration is built), and later a refresh now (<c>IConfigurationRoot.Reload()</c>).</summary>
    public override void Load()
    {
        if (!_loaded)
        {
            _loaded = true;
            try
            {
                // Off the caller's synchronization context: configuration is built from synchronous code.
                Task.Run(() => ReloadAsync(signal: false, throwOnFailure: !_options.Optional, _stop.Token)).GetAwaiter().GetResult();
            }
            catch
            {
                Dispose();
                throw;
            }

            StartWatching();
            return;
        }

        // A refresh now keeps the data it has when the store cannot be read (the watcher tries again), rather than fail
        // the configuration root's Reload for every other provider. The root fires its own change token.
        Task.Run(() => ReloadAsync(signal: false, throwOnFailure: false, _stop.Token)).GetAwaiter().GetResult();
    }

    /// <summary>How many times the credentials were read (tests check that a change which altered nothing was read, not signalled).</summary>
    internal int ReadCount => Volatile.Read(ref _reads);

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        StopWatching();
        _services.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _loadLock.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// Reads every shared credential and replaces the data when it differs from what is loaded; fires the change token when
    /// <paramref name="signal"/>. Returns false when the store could not be read (the data is kept).
    /// </summary>
    private async Task<bool> ReloadAsync(bool signal, bool throwOnFailure, CancellationToken cancellationToken)
    {
        bool changed;
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The counter is read before the credentials: a commit made while they are read moves it again.
            var counter = _storage is ICredentialStorageChangeCounter changes && changes.TryReadChangeCounter(out var read)
                ? read
                : long.MinValue;
            var data = await ReadAsync(cancellationToken).ConfigureAwait(false);
            Interlocked.Exchange(ref _loadedCounter, counter);
            if (_failing)
            {
                _failing = false;
                ConfigurationLog.StoreReadable(_logger, _organization.Value);
            }

            changed = !ConfigurationValues.Same(data, Data);
            if (changed)
            {
                Data = data;
                ConfigurationLog.Loaded(_logger, _organization.Value, data.Count);
            }
        }
#pragma warning disable CA1031 // A store that is briefly unavailable must not take the application's configuration down.
        catch (Exception ex) when (!throwOnFailure && !(ex is OperationCanceledException && cancellationToken.IsCancellationRequested))
#pragma warning restore CA1031
        {
            if (!_failing)
            {
                _failing = true;
                ConfigurationLog.LoadFailed(_logger, ex, _organization.Value);
            }

            return false;
        }
        finally
        {
            _loadLock.Release();
        }

        if (changed && signal)
        {
            OnReload();
        }

        return true;
    }

    private async Task<Dictionary<string, string?>> ReadAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var prefix = _options.KeyPrefix ?? string.Empty;
        var section = _options.SectionName is { } name ? name + ConfigurationPath.KeyDelimiter : string.Empty;
        await foreach (var view in _store.ListAllAsync(_organization, null, cancellationToken).ConfigureAwait(false))
        {
            if (view.Key.Length <= prefix.Length || !view.Key.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            CredentialSecret? secret;
            try
            {
                secret = await _resolver.TryResolveAsync(_organization, view.Key, cancellationToken).ConfigureAwait(false);
            }
            catch (CredentialIntegrityException ex)
            {
                // One damaged credential is left out (and logged by the vault); the others still load.
                ConfigurationLog.CredentialSkipped(_logger, ex, _organization.Value, view.Key);
                continue;
            }

            if (secret is not null)
            {
                ConfigurationValues.Add(data, section + view.Key[prefix.Length..], secret);
            }
        }

        return data;
    }
}
