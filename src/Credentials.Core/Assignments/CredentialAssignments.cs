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

    public async Task AssignAsync(OrganizationId org, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken = default)
    {
        var orgId = org.Checked();
        var kind = Validate(consumer);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var assignment = new AssignmentRecord(orgId, credential.Value, kind.Name, consumer.Id, ConsumerRules.DisplayName(consumer));
        var result = await storage.AssignAsync(assignment, cancellationToken).ConfigureAwait(false);
        if (result != StorageWriteResult.Success)
        {
            throw CredentialErrors.NotFound(orgId, credential);
        }

        AssignmentLog.Assigned(_logger, orgId, credential, kind.Name, consumer.Id);
    }

    public async Task<bool> UnassignAsync(OrganizationId org, CredentialId credential, ConsumerRef consumer, CancellationToken cancellationToken = default)
    {
        var orgId = org.Checked();
        var kind = Validate(consumer);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var removed = await storage.UnassignAsync(orgId, credential.Value, kind.Name, consumer.Id, cancellationToken).ConfigureAwait(false);
        if (removed)
        {
            AssignmentLog.Unassigned(_logger, orgId, credential, kind.Name, consumer.Id);
        }

        return removed;
    }

    public async Task<IReadOnlyList<ConsumerRef>> ListConsumersAsync(OrganizationId org, CredentialId credential, CancellationToken cancellationToken = default)
    {
        var orgId = org.Checked();
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        // Existence only: the sealed bytes come along with the record but are never opened.
        _ = await storage.FindByIdAsync(orgId, credential.Value, cancellationToken).ConfigureAwait(false)
            ?? throw CredentialErrors.NotFound(orgId, credential);
        var assignments = await storage.ListAssignmentsAsync(orgId, credential.Value, cancellationToken).ConfigureAwait(false);
        return kinds.ToConsumers(assignments);
    }

    public async Task<IReadOnlyList<CredentialView>> ListCredentialsAsync(OrganizationId org, ConsumerRef consumer, CancellationToken cancellationToken = default)
    {
        var orgId = org.Checked();
        var kind = Validate(consumer);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var rows = await storage.ListAssignedCredentialsAsync(orgId, kind.Name, consumer.Id, cancellationToken).ConfigureAwait(false);
        return rows.Select(CredentialRecords.ToView).ToList();
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
