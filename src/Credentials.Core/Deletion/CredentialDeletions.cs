using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// The deletion lifecycle: preview and (soft) delete for the store, and the deleted credentials' list, recovery and
/// purge. Host handlers run before anything is committed, so a failing handler leaves the vault as it was.
/// </summary>
internal sealed partial class CredentialDeletions(
    ICredentialStorage storage,
    CredentialsInitializer initializer,
    ResolveCache cache,
    ConsumerKindRegistry kinds,
    IServiceProvider services,
    IOptions<CredentialsOptions> options,
    TimeProvider time,
    AuditTrail audit,
    CredentialViews views,
    ILoggerFactory? loggerFactory = null) : IDeletedCredentials
{
    // A concurrent edit or assignment between reading and deleting makes the delete start over (handlers run again).
    private const int MaxAttempts = 5;

    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Deletion");

    // Resolved on first use, not in the constructor: a handler may itself depend on the store or the assignments.
    private IConsumerDeletionHandler[]? _handlers;

    public async Task<DeletionImpact> PreviewAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var (impact, _, _) = await ReadImpactAsync(context, orgId, id, cancellationToken).ConfigureAwait(false);
        return impact;
    }

    public async Task<DeletionImpact> DeleteAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        var org = context.Organization;
        _ = Handlers(); // A misconfigured handler fails every deletion, not only those that reach its kind.
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var (impact, version, assignments) = await ReadImpactAsync(context, orgId, id, cancellationToken).ConfigureAwait(false);
            foreach (var group in impact.Groups)
            {
                await NotifyAsync(
                    org, impact.Credential, group.Kind, group.Consumers.Select(c => c.Consumer), "deleted",
                    (handler, ct) => handler.OnCredentialDeletedAsync(org, impact.Credential, group.Consumers, ct),
                    cancellationToken).ConfigureAwait(false);
            }

            var deletedAt = CredentialRecords.Now(time);
            var credential = impact.Credential;
            var entry = await audit.EntryAsync(orgId, AuditAction.Deleted, context.UserId, id.Value, credential.Key, credential.OwnerUserId, null, cancellationToken)
                .ConfigureAwait(false);
            var result = await storage.SoftDeleteAsync(orgId, id.Value, version, assignments, deletedAt, entry, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case StorageWriteResult.Success:
                    cache.Invalidate(orgId, impact.Credential.OwnerUserId, impact.Credential.Key);
                    Log.CredentialDeleted(_logger, orgId, id, impact.Credential.Key);
                    return impact;
                case StorageWriteResult.VersionConflict when attempt < MaxAttempts:
                    continue;
                case StorageWriteResult.NotFound:
                    throw CredentialErrors.NotFound(orgId, id);
                default:
                    throw CredentialErrors.KeptChanging(orgId, id);
            }
        }
    }

    private async Task<(DeletionImpact Impact, long Version, IReadOnlyList<AssignmentRecord> Assignments)> ReadImpactAsync(
        CredentialContext context, string orgId, CredentialId id, CancellationToken cancellationToken)
    {
        // Metadata and assignments only: a preview or a deletion opens no secret.
        var record = await storage.FindByIdAsync(orgId, id.Value, cancellationToken).ConfigureAwait(false);
        if (record is null || !CredentialOwners.CanSee(context, record.Metadata.OwnerUserId))
        {
            throw CredentialErrors.NotFound(orgId, id);
        }

        var assignments = await storage.ListAssignmentsAsync(orgId, id.Value, cancellationToken).ConfigureAwait(false);
        var consumers = kinds.ToConsumers(assignments).Select(c => new ConsumerImpact(c, c.Kind.DeletionEffect)).ToList();
        return (new DeletionImpact(views.ToView(record.Metadata), consumers), record.Metadata.Version, assignments);
    }

    /// <summary>Calls every handler of <paramref name="kind"/>; a failure becomes a <see cref="CredentialConsumerException"/>.</summary>
    private async Task NotifyAsync(
        OrganizationId org,
        CredentialView credential,
        ConsumerKind kind,
        IEnumerable<ConsumerRef> consumers,
        string operation,
        Func<IConsumerDeletionHandler, CancellationToken, Task> call,
        CancellationToken cancellationToken)
    {
        foreach (var handler in Handlers())
        {
            if (!handler.Kind.Equals(kind))
            {
                continue;
            }

            try
            {
                await call(handler, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception ex)
            {
                AssignmentLog.HandlerFailed(_logger, ex, org.Value, credential.Id, kind.Name, operation);
                var ids = consumers.Select(c => c.Id).ToArray();
                const int shown = 10;
                var list = string.Join(", ", ids.Take(shown).Select(i => $"'{i}'")) + (ids.Length > shown ? $" and {ids.Length - shown} more" : string.Empty);
                throw new CredentialConsumerException(
                    $"Credential {credential.Id} in organization '{org.Value}' was not {operation}: the {kind.Name} handler ({handler.GetType().Name}) " +
                    $"failed for {kind.Plural} {list}. The credential and its assignments are unchanged; handlers that already ran " +
                    "will run again when you retry.",
                    kind,
                    ids,
                    ex);
            }
        }
    }

    private IConsumerDeletionHandler[] Handlers()
    {
        var handlers = Volatile.Read(ref _handlers);
        if (handlers is not null)
        {
            return handlers;
        }

        handlers = services.GetServices<IConsumerDeletionHandler>().ToArray();
        foreach (var handler in handlers)
        {
            if (kinds.Find(handler.Kind?.Name) is null)
            {
                throw new InvalidOperationException(
                    $"The consumer deletion handler {handler.GetType().FullName} handles the kind '{handler.Kind?.Name}', which is not registered. " +
                    "Register the kind with AddConsumerKind(...) before its handler.");
            }
        }

        Volatile.Write(ref _handlers, handlers);
        return handlers;
    }
}
