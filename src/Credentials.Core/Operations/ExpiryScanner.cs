using System.Collections.Concurrent;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// One scan of the whole store: credentials whose expiry is within the window (or past), and OAuth 2.0 credentials marked
/// as needing reconnect at their current version. Each finding is raised once per credential, kind and version for the
/// life of the process, to every <see cref="ICredentialEvents"/>.
/// </summary>
internal sealed class ExpiryScanner(
    ICredentialStorage storage,
    CredentialsInitializer initializer,
    IServiceProvider services,
    IOptions<CredentialsOptions> options,
    IOptions<ExpiryScanOptions> scanOptions,
    TimeProvider time,
    ILoggerFactory? loggerFactory = null)
{
    private const int Batch = 500;
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.ExpiryScan");
    private readonly ConcurrentDictionary<(string Org, Guid Id, CredentialEventKind Kind, long Version), bool> _raised = new();
    private ICredentialEvents[]? _handlers;

    public async Task<IReadOnlyList<CredentialEvent>> ScanAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var window = scanOptions.Value.Window ?? options.Value.ExpiringWindow;
        var found = new List<(CredentialEvent Event, long Version)>();
        int expiring = 0, expired = 0, reconnect = 0;

        ExpiringCredentialCursor? after = null;
        while (await storage.ListExpiringAsync(now + window, after, Batch, cancellationToken).ConfigureAwait(false) is { Count: > 0 } page)
        {
            foreach (var m in page)
            {
                var kind = m.ExpiresAt!.Value <= now ? CredentialEventKind.Expired : CredentialEventKind.Expiring;
                _ = kind == CredentialEventKind.Expired ? expired++ : expiring++;
                found.Add((Event(kind, m) with { ExpiresAt = m.ExpiresAt }, m.Version));
            }

            after = new ExpiringCredentialCursor(page[^1].ExpiresAt!.Value, page[^1].OrganizationId, page[^1].Id);
            if (page.Count < Batch)
            {
                break;
            }
        }

        CredentialCursor? position = null;
        while (await storage.ListOAuthConnectionsAsync(OAuthConnectionStates.NeedsReconnect, position, Batch, cancellationToken).ConfigureAwait(false) is { Count: > 0 } page)
        {
            foreach (var state in page)
            {
                if (await storage.FindByIdAsync(state.OrganizationId, state.CredentialId, cancellationToken).ConfigureAwait(false) is { } record
                    && OAuthConnectionStates.IsNeedsReconnect(state, record.Metadata.Version))
                {
                    reconnect++;
                    found.Add((Event(CredentialEventKind.NeedsReconnect, record.Metadata), record.Metadata.Version));
                }
            }

            position = new CredentialCursor(page[^1].OrganizationId, page[^1].CredentialId);
            if (page.Count < Batch)
            {
                break;
            }
        }

        var raised = new List<CredentialEvent>();
        foreach (var (credentialEvent, version) in found)
        {
            if (_raised.TryAdd((credentialEvent.Organization.Value, credentialEvent.CredentialId.Value, credentialEvent.Kind, version), true))
            {
                await RaiseAsync(credentialEvent, cancellationToken).ConfigureAwait(false);
                raised.Add(credentialEvent);
            }
        }

        OperationsLog.ExpiryScanRun(_logger, expiring, expired, reconnect, raised.Count);
        return raised;
    }

    private static CredentialEvent Event(CredentialEventKind kind, CredentialMetadataRecord m) =>
        new(kind, new OrganizationId(m.OrganizationId), new CredentialId(m.Id), m.Key, m.Name) { OwnerUserId = m.OwnerUserId };

    private async Task RaiseAsync(CredentialEvent credentialEvent, CancellationToken cancellationToken)
    {
        _handlers ??= [.. services.GetServices<ICredentialEvents>()];
        foreach (var handler in _handlers)
        {
            try
            {
                await handler.OnEventAsync(credentialEvent, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A host's handler must not stop the scan or the other handlers; its message may quote anything, so only the type is logged.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                OperationsLog.EventHandlerFailed(_logger, handler.GetType().Name, ex.GetType().Name, credentialEvent.Kind, credentialEvent.CredentialId, credentialEvent.Organization.Value);
            }
        }
    }
}
