using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials;

/// <summary>Assignments: validated before anything is written, scoped by organization, never decrypting a secret.</summary>
internal sealed class CredentialAssignments(
    ICredentialStorage storage,
    CredentialsInitializer initializer,
    ConsumerKindRegistry kinds,
    AuditTrail audit,
    CredentialViews views,
    ILoggerFactory? loggerFactory = null) : ICredentialAssignments
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Assignments");

    public Task AssignAsync(CredentialContext context, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.assign", context, () => AssignCoreAsync(context, credential, consumer, cancellationToken), credential.Value);

    public Task<bool> UnassignAsync(CredentialContext context, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.unassign", context, () => UnassignCoreAsync(context, credential, consumer, cancellationToken), credential.Value);

    public Task<IReadOnlyList<ConsumerRef>> ListConsumersAsync(CredentialContext context, CredentialId credential, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.list_consumers", context, () => ListConsumersCoreAsync(context, credential, cancellationToken), credential.Value);

    public Task<IReadOnlyList<CredentialView>> ListCredentialsAsync(CredentialContext context, ConsumerRef consumer, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.list_assigned", context, () => ListCredentialsCoreAsync(context, consumer, cancellationToken));

    private async Task AssignCoreAsync(CredentialContext context, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        var kind = Validate(consumer);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var record = await FindVisibleAsync(context, orgId, credential, cancellationToken).ConfigureAwait(false)
            ?? throw CredentialErrors.NotFound(orgId, credential);
        var assignment = new AssignmentRecord(orgId, credential.Value, kind.Name, consumer.Id, ConsumerRules.DisplayName(consumer));
        var entry = await audit.EntryAsync(orgId, AuditAction.Assigned, context.UserId, record.Metadata, ConsumerDetails(kind.Name, consumer.Id), cancellationToken)
            .ConfigureAwait(false);
        var result = await storage.AssignAsync(assignment, entry, cancellationToken).ConfigureAwait(false);
        if (result != StorageWriteResult.Success)
        {
            throw CredentialErrors.NotFound(orgId, credential);
        }

        AssignmentLog.Assigned(_logger, orgId, credential, kind.Name, consumer.Id);
    }

    private async Task<bool> UnassignCoreAsync(CredentialContext context, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        var kind = Validate(consumer);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);

        // Active or soft-deleted (a deleted credential keeps its assignments): the record names the credential's key.
        var metadata = (await storage.FindByIdAsync(orgId, credential.Value, cancellationToken).ConfigureAwait(false))?.Metadata
            ?? (await storage.FindDeletedAsync(orgId, credential.Value, cancellationToken).ConfigureAwait(false))?.Metadata;
        if (context.UserId is not null && (metadata is null || !CredentialOwners.CanSee(context, metadata.OwnerUserId)))
        {
            return false; // Another user's: as if it held nothing.
        }

        var entry = await audit.EntryAsync(
            orgId, AuditAction.Unassigned, context.UserId, credential.Value, metadata?.Key, metadata?.OwnerUserId, ConsumerDetails(kind.Name, consumer.Id), cancellationToken)
            .ConfigureAwait(false);
        var removed = await storage.UnassignAsync(orgId, credential.Value, kind.Name, consumer.Id, entry, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            AssignmentLog.Unassigned(_logger, orgId, credential, kind.Name, consumer.Id);
        }

        return removed;
    }

    private async Task<IReadOnlyList<ConsumerRef>> ListConsumersCoreAsync(CredentialContext context, CredentialId credential, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await EnsureVisibleAsync(context, orgId, credential, cancellationToken).ConfigureAwait(false);
        var assignments = await storage.ListAssignmentsAsync(orgId, credential.Value, cancellationToken).ConfigureAwait(false);
        return kinds.ToConsumers(assignments);
    }

    private async Task<IReadOnlyList<CredentialView>> ListCredentialsCoreAsync(CredentialContext context, ConsumerRef consumer, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        var kind = Validate(consumer);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var rows = await storage.ListAssignedCredentialsAsync(orgId, kind.Name, consumer.Id, cancellationToken).ConfigureAwait(false);
        var result = new List<CredentialView>(rows.Count);
        foreach (var m in rows.Where(m => CredentialOwners.CanSee(context, m.OwnerUserId)))
        {
            result.Add(await views.ToViewAsync(m, cancellationToken).ConfigureAwait(false));
        }

        return result;
    }

    private static KeyValuePair<string, string>[] ConsumerDetails(string kind, string consumerId) =>
        [new("consumer_kind", kind), new("consumer_id", consumerId)];

    // Existence and owner only: the sealed bytes come along with the record but are never opened.
    private async Task<CredentialRecord?> FindVisibleAsync(CredentialContext context, string orgId, CredentialId credential, CancellationToken cancellationToken) =>
        await storage.FindByIdAsync(orgId, credential.Value, cancellationToken).ConfigureAwait(false) is { } record
        && CredentialOwners.CanSee(context, record.Metadata.OwnerUserId)
            ? record
            : null;

    private async Task EnsureVisibleAsync(CredentialContext context, string orgId, CredentialId credential, CancellationToken cancellationToken)
    {
        if (await FindVisibleAsync(context, orgId, credential, cancellationToken).ConfigureAwait(false) is null)
        {
            throw CredentialErrors.NotFound(orgId, credential);
        }
    }

    private ConsumerKind Validate(ConsumerRef consumer)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var errors = new List<CredentialValidationError>();
        var kind = ConsumerRules.Validate(consumer, kinds, errors);
        CredentialValidator.ThrowIfAny(errors);
        return kind!;
    }
}
