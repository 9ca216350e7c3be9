using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Credentials;

/// <summary>Assignments: validated before anything is written, scoped by organization, never decrypting a secret.</summary>
internal sealed class CredentialAssignments(
    ICredentialStorage storage,
    CredentialsInitializer initializer,
    ConsumerKindRegistry kinds,
    ILoggerFactory? loggerFactory = null) : ICredentialAssignments
{
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Assignments");

    public async Task AssignAsync(CredentialContext context, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken = default)
    {
        var orgId = context.OrganizationId();
        var kind = Validate(consumer);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await EnsureVisibleAsync(context, orgId, credential, cancellationToken).ConfigureAwait(false);
        var assignment = new AssignmentRecord(orgId, credential.Value, kind.Name, consumer.Id, ConsumerRules.DisplayName(consumer));
        var result = await storage.AssignAsync(assignment, cancellationToken).ConfigureAwait(false);
        if (result != StorageWriteResult.Success)
        {
            throw CredentialErrors.NotFound(orgId, credential);
        }

        AssignmentLog.Assigned(_logger, orgId, credential, kind.Name, consumer.Id);
    }

    public async Task<bool> UnassignAsync(CredentialContext context, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken = default)
    {
        var orgId = context.OrganizationId();
        var kind = Validate(consumer);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        if (context.UserId is not null && !await IsVisibleAsync(context, orgId, credential, cancellationToken).ConfigureAwait(false))
        {
            return false; // Another user's: as if it held nothing.
        }

        var removed = await storage.UnassignAsync(orgId, credential.Value, kind.Name, consumer.Id, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            AssignmentLog.Unassigned(_logger, orgId, credential, kind.Name, consumer.Id);
        }

        return removed;
    }

    public async Task<IReadOnlyList<ConsumerRef>> ListConsumersAsync(CredentialContext context, CredentialId credential, CancellationToken cancellationToken = default)
    {
        var orgId = context.OrganizationId();
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        await EnsureVisibleAsync(context, orgId, credential, cancellationToken).ConfigureAwait(false);
        var assignments = await storage.ListAssignmentsAsync(orgId, credential.Value, cancellationToken).ConfigureAwait(false);
        return kinds.ToConsumers(assignments);
    }

    public async Task<IReadOnlyList<CredentialView>> ListCredentialsAsync(CredentialContext context, ConsumerRef consumer, CancellationToken cancellationToken = default)
    {
        var orgId = context.OrganizationId();
        var kind = Validate(consumer);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var rows = await storage.ListAssignedCredentialsAsync(orgId, kind.Name, consumer.Id, cancellationToken).ConfigureAwait(false);
        return rows.Where(m => CredentialOwners.CanSee(context, m.OwnerUserId)).Select(CredentialRecords.ToView).ToList();
    }

    // Existence and owner only: the sealed bytes come along with the record but are never opened.
    private async Task<bool> IsVisibleAsync(CredentialContext context, string orgId, CredentialId credential, CancellationToken cancellationToken) =>
        await storage.FindByIdAsync(orgId, credential.Value, cancellationToken).ConfigureAwait(false) is { } record
        && CredentialOwners.CanSee(context, record.Metadata.OwnerUserId);

    private async Task EnsureVisibleAsync(CredentialContext context, string orgId, CredentialId credential, CancellationToken cancellationToken)
    {
        if (!await IsVisibleAsync(context, orgId, credential, cancellationToken).ConfigureAwait(false))
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
