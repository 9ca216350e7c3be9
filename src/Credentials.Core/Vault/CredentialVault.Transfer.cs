using Credentials.Storage;

namespace Credentials;

/// <summary>
/// What moving credentials between stores needs beyond the public surface (the command-line tool's export, import and
/// verify): every organization the store holds, and a create that keeps the id the credential had in its old store.
/// </summary>
internal sealed partial class CredentialVault
{
    private const int OrganizationWalkBatch = 1_000;

    /// <summary>
    /// Every organization with at least one active credential, ordinal order. Walks the store once with the key
    /// rotation's store-wide listing (every credential whose key id is not the empty string, which no key id is), so it
    /// reads each row; meant for operator tools, not for a request path.
    /// </summary>
    internal async Task<IReadOnlyList<OrganizationId>> ListOrganizationsAsync(CancellationToken cancellationToken = default)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var organizations = new SortedSet<string>(StringComparer.Ordinal);
        SealedCredentialCursor? after = null;
        while (true)
        {
            var batch = await storage.ListNotUnderKeyAsync(string.Empty, after, OrganizationWalkBatch, cancellationToken).ConfigureAwait(false);
            foreach (var record in batch)
            {
                organizations.Add(record.OrganizationId);
            }

            if (batch.Count < OrganizationWalkBatch)
            {
                return organizations.Select(o => new OrganizationId(o)).ToArray();
            }

            var last = batch[^1];
            after = new SealedCredentialCursor(last.KeyId, last.OrganizationId, last.Key) { OwnerUserId = last.OwnerUserId };
        }
    }

    /// <summary>
    /// Creates a credential exactly as <see cref="CreateAsync"/> does, under <paramref name="preferredId"/> when no
    /// credential of the organization (active or deleted) has that id, else under a new id: an import keeps ids where it
    /// can, and the key stays the credential's identity where it cannot.
    /// </summary>
    /// <exception cref="CredentialValidationException">A field breaks a rule; nothing was stored.</exception>
    /// <exception cref="CredentialConflictException">The owner already has a credential with the key (or the id was taken meanwhile).</exception>
    internal async Task<CredentialView> CreateWithIdAsync(CredentialContext context, NewCredential credential, CredentialId preferredId, CancellationToken cancellationToken = default)
    {
        var orgId = context.OrganizationId();
        ArgumentNullException.ThrowIfNull(credential);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var taken = await storage.FindByIdAsync(orgId, preferredId.Value, cancellationToken).ConfigureAwait(false) is not null
            || await storage.FindDeletedAsync(orgId, preferredId.Value, cancellationToken).ConfigureAwait(false) is not null;
        var template = credential.TemplateId is { Length: > 0 } templateId ? templates.Find(templateId) : null;
        return await CreateCoreAsync(context, credential, template, [], cancellationToken, taken ? null : preferredId).ConfigureAwait(false);
    }
}
