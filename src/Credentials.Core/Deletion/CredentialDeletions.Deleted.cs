namespace Credentials;

/// <summary>The deleted credentials: listed within their retention, recovered with their assignments, or purged.</summary>
internal sealed partial class CredentialDeletions
{
    public Task<IReadOnlyList<DeletedCredentialView>> ListAsync(CredentialContext context, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.deleted.list", context, () => ListCoreAsync(context, cancellationToken));

    public Task<CredentialView> RecoverAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.deleted.recover", context, () => RecoverCoreAsync(context, id, cancellationToken), id.Value);

    public Task<bool> PurgeAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.deleted.purge", context, () => PurgeCoreAsync(context, id, cancellationToken), id.Value);

    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default) =>
        Traced.RunStoreAsync("credentials.deleted.purge_expired", () => PurgeExpiredCoreAsync(cancellationToken));

    private async Task<IReadOnlyList<DeletedCredentialView>> ListCoreAsync(CredentialContext context, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var retention = options.Value.DeletedRetention;
        var now = time.GetUtcNow();
        var rows = await storage.ListDeletedAsync(orgId, cancellationToken).ConfigureAwait(false);
        return rows
            .Where(d => d.DeletedAt + retention > now && CredentialOwners.CanSee(context, d.Metadata.OwnerUserId))
            .Select(d => new DeletedCredentialView(views.ToView(d.Metadata), d.DeletedAt, d.DeletedAt + retention))
            .ToList();
    }

    private async Task<CredentialView> RecoverCoreAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        var org = context.Organization;
        _ = Handlers();
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await storage.FindDeletedAsync(orgId, id.Value, cancellationToken).ConfigureAwait(false);
        if (deleted is null
            || deleted.DeletedAt + options.Value.DeletedRetention <= time.GetUtcNow()
            || !CredentialOwners.CanSee(context, deleted.Metadata.OwnerUserId))
        {
            throw CredentialErrors.DeletedNotFound(orgId, id);
        }

        // The ciphertext is bound to its organization, owner, id and key, so it comes back under the same key and owner:
        // check that the key is free before any handler runs. (A credential created meanwhile can still take it: the
        // restore says so.)
        var key = deleted.Metadata.Key;
        if (await storage.FindByKeyAsync(orgId, deleted.Metadata.OwnerUserId, key, cancellationToken).ConfigureAwait(false) is not null)
        {
            throw CredentialErrors.KeyTakenOnRecovery(orgId, id, key);
        }

        var view = views.ToView(deleted.Metadata);
        var assignments = await storage.ListAssignmentsAsync(orgId, id.Value, cancellationToken).ConfigureAwait(false);
        foreach (var group in kinds.ToConsumers(assignments).GroupBy(c => c.Kind))
        {
            var consumers = group.ToList();
            await NotifyAsync(
                org, view, group.Key, consumers, "recovered",
                (handler, ct) => handler.OnCredentialRecoveredAsync(org, view, consumers, ct),
                cancellationToken).ConfigureAwait(false);
        }

        var entry = await audit.EntryAsync(orgId, AuditAction.Recovered, context.UserId, deleted.Metadata, null, cancellationToken).ConfigureAwait(false);
        switch (await storage.RestoreAsync(orgId, id.Value, entry, cancellationToken).ConfigureAwait(false))
        {
            case Storage.StorageWriteResult.Success:
                AssignmentLog.Recovered(_logger, orgId, id, key);
                return view;
            case Storage.StorageWriteResult.KeyConflict:
                throw CredentialErrors.KeyTakenOnRecovery(orgId, id, key);
            case Storage.StorageWriteResult.KeyRetired:
                // Rewrap moves the recycle bin too and retirement waits for it, so only a row rolled back from a backup gets here.
                throw new CredentialIntegrityException(
                    $"Deleted credential {id} in organization '{orgId}' is sealed under a retired key and cannot be recovered; nothing changed.");
            default:
                throw CredentialErrors.DeletedNotFound(orgId, id);
        }
    }

    private async Task<bool> PurgeCoreAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var deleted = await storage.FindDeletedAsync(orgId, id.Value, cancellationToken).ConfigureAwait(false);
        if (deleted is null)
        {
            return false;
        }

        if (!CredentialOwners.CanSee(context, deleted.Metadata.OwnerUserId))
        {
            return false; // Another user's: as if there were none.
        }

        var entry = await audit.EntryAsync(orgId, AuditAction.Purged, context.UserId, deleted.Metadata, null, cancellationToken).ConfigureAwait(false);
        var purged = await storage.PurgeAsync(orgId, id.Value, entry, cancellationToken).ConfigureAwait(false);
        if (purged)
        {
            AssignmentLog.Purged(_logger, orgId, id);
        }

        return purged;
    }

    private async Task<int> PurgeExpiredCoreAsync(CancellationToken cancellationToken)
    {
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        // Deleted at or before now - retention: exactly the ones ListAsync and RecoverAsync no longer show.
        var cutoff = time.GetUtcNow() - options.Value.DeletedRetention;

        // Each purged credential gets its record, by "system", in the purge's transaction (its time: this run's).
        var template = await audit.EntryAsync(AuditTrail.StoreScope, AuditAction.Purged, null, null, null, null, [new("reason", "retention")], cancellationToken)
            .ConfigureAwait(false);
        var count = await storage.PurgeDeletedBeforeAsync(
            cutoff,
            d => template with
            {
                OrganizationId = d.Metadata.OrganizationId,
                CredentialId = d.Metadata.Id,
                CredentialKey = d.Metadata.Key,
                OwnerUserId = d.Metadata.OwnerUserId,
            },
            cancellationToken).ConfigureAwait(false);
        if (count > 0)
        {
            AssignmentLog.ExpiredPurged(_logger, count, cutoff);
        }

        return count;
    }
}
