using Credentials.Storage;

namespace Credentials;

/// <summary>The update path, shared by the typed API and the field-map form API.</summary>
internal sealed partial class CredentialVault
{
    /// <summary>
    /// Applies a change to a credential. <see cref="CredentialChanges.ChangeSecret"/> of <paramref name="changes"/> gets the stored values and returns the new
    /// ones (merged, not yet validated; errors found while merging go to its list); it is re-run on each retry so a
    /// concurrent change is never lost silently. The new values are validated here, and warnings travel back on the view.
    /// </summary>
    internal async Task<CredentialView> UpdateCoreAsync(CredentialContext context, CredentialId id, CredentialChanges changes, CancellationToken cancellationToken)
    {
        var (name, key, category, changeSecret, expectedVersion) = changes;
        var orgId = context.OrganizationId();
        var errors = new List<CredentialValidationError>();
        CredentialValidator.ValidateExpiresAt(changes.ExpiresAt, errors);
        if (changes.ExpiresAt is not null && changes.ClearExpiresAt)
        {
            errors.Add(new("expires_at", "cannot be set and cleared at once"));
        }

        if (name is not null)
        {
            CredentialValidator.ValidateName(name, errors);
        }

        if (key is not null)
        {
            CredentialValidator.ValidateKey(key, errors);
        }

        if (category is { } c)
        {
            CredentialValidator.ValidateCategory(c, errors);
        }

        CredentialValidator.ThrowIfAny(errors);

        if (changes.AuditAction is not null)
        {
            // Loaded before any key is chosen: loading it may re-read the keys.
            await audit.WarmAsync(cancellationToken).ConfigureAwait(false);
        }

        var retiredAttempts = 0;
        for (var attempt = 1; ;)
        {
            var warnings = new List<CredentialValidationWarning>();
            var current = await FindAsync(context, id, cancellationToken).ConfigureAwait(false);
            var m = current.Metadata;
            if (expectedVersion is { } expected && expected != m.Version)
            {
                throw Stale(orgId, id, expected, m.Version);
            }

            var newKey = key ?? m.Key;
            var newName = name ?? m.Name;
            var keyChanged = !string.Equals(newKey, m.Key, StringComparison.Ordinal);
            var newVersion = m.Version + 1;

            // Every write re-seals, even a label edit: the payload is bound to its key and to the row version, so an older
            // envelope copied back over the row never opens, and the write never carries the old key id back.
            var kek = await initializer.PrepareWriteAsync(cancellationToken).ConfigureAwait(false);
            var stored = Open(current);
            var secret = stored;
            if (changeSecret is not null)
            {
                secret = changeSecret(stored, errors);
                secret = CredentialValidator.ValidateSecret(secret, errors, warnings, time.GetUtcNow())!;
                CredentialValidator.ThrowIfAny(errors);
                TemplateHints.Check(m.TemplateId is { } templateId ? templates.Find(templateId) : null, secret, warnings);
            }

            var (keyId, sealedSecret) = sealer.Seal(kek, orgId, m.OwnerUserId, m.Id, newKey, newVersion, secret);
            var masked = changeSecret is null ? m.MaskedSummary : SecretMask.For(secret);
            var expiresAt = changes.ClearExpiresAt ? null
                : changes.ExpiresAt is { } newExpiry ? CredentialRecords.Truncate(newExpiry)
                : m.ExpiresAt;

            var next = new CredentialRecord(
                m with
                {
                    Name = newName,
                    Key = newKey,
                    Category = category?.ToWireName() ?? m.Category,
                    MaskedSummary = masked,
                    SearchText = CredentialRecords.SearchText(newName, newKey),
                    UpdatedAt = CredentialRecords.Now(time),
                    Version = newVersion,
                    ExpiresAt = expiresAt,
                },
                keyId,
                sealedSecret);

            var entry = changes.AuditAction is { } action
                ? await audit.EntryAsync(
                    orgId,
                    action,
                    changes.HasActor ? changes.ActorUserId : context.UserId,
                    next.Metadata,
                    action == AuditAction.Updated ? [new("fields", string.Join(",", ChangedFields(m, next.Metadata, stored, secret)))] : null,
                    cancellationToken).ConfigureAwait(false)
                : null;
            var result = await storage.UpdateAsync(next, m.Version, entry, cancellationToken).ConfigureAwait(false);
            switch (result)
            {
                case StorageWriteResult.Success:
                    cache.Invalidate(orgId, m.OwnerUserId, m.Key);
                    if (keyChanged)
                    {
                        cache.Invalidate(orgId, m.OwnerUserId, newKey);
                    }
                    Log.CredentialUpdated(_logger, orgId, id, next.Metadata.Version, changeSecret is not null);
                    return views.ToView(next.Metadata) with { Warnings = warnings };
                case StorageWriteResult.KeyConflict:
                    throw KeyTaken(orgId, m.OwnerUserId, newKey);
                case StorageWriteResult.NotFound:
                    throw NotFound(orgId, id);
                case StorageWriteResult.VersionConflict when expectedVersion is null && attempt < MaxUnversionedAttempts:
                    attempt++;
                    continue;
                case StorageWriteResult.KeyRetired:
                    // Another instance retired the key this one sealed under: re-read the keys, then read, seal and write again.
                    await RetiredOnWriteAsync(keyId, ++retiredAttempts, cancellationToken).ConfigureAwait(false);
                    continue;
                default:
                    throw Stale(orgId, id, expectedVersion ?? m.Version, null);
            }
        }
    }

    /// <summary>The wire names of what an update changes (labels, the expiry, and each field whose value differs): never a value.</summary>
    private static IEnumerable<string> ChangedFields(CredentialMetadataRecord before, CredentialMetadataRecord after, CredentialSecret stored, CredentialSecret secret)
    {
        if (!string.Equals(before.Name, after.Name, StringComparison.Ordinal))
        {
            yield return "name";
        }

        if (!string.Equals(before.Key, after.Key, StringComparison.Ordinal))
        {
            yield return "key";
        }

        if (!string.Equals(before.Category, after.Category, StringComparison.Ordinal))
        {
            yield return "category";
        }

        if (before.ExpiresAt != after.ExpiresAt)
        {
            yield return "expires_at";
        }

        if (ReferenceEquals(stored, secret))
        {
            yield break;
        }

        var schema = CredentialSchemas.Instance.Get(stored.Type);
        var old = SecretFields.Read(stored);
        var now = SecretFields.Read(secret);
        for (var i = 0; i < schema.Fields.Count && i < old.Length && i < now.Length; i++)
        {
            if (!string.Equals(old[i], now[i], StringComparison.Ordinal))
            {
                yield return schema.Fields[i].Name;
            }
        }
    }

    /// <summary>
    /// The typed blank-keeps merge: same type required; blank secret fields keep the stored values, unless a destination
    /// field changes (<see cref="DestinationRule"/>).
    /// </summary>
    private static CredentialSecret MergeSecret(CredentialSecret stored, CredentialSecret incoming, List<CredentialValidationError> errors)
    {
        if (incoming.Type != stored.Type)
        {
            throw new CredentialValidationException(
                [new("type", $"must stay {stored.Type.ToWireName()}: changing the type is a new credential")]);
        }

        var schema = CredentialSchemas.Instance.Get(stored.Type);
        var storedValues = SecretFields.Read(stored);
        var given = SecretFields.Read(incoming);
        var merged = SecretFields.Merge(schema, storedValues, given);
        DestinationRule.Check(schema, storedValues, given, merged, errors);
        SecretFields.DropStaleDerivedValues(stored.Type, storedValues, merged);
        return SecretFields.Build(stored.Type, merged, errors);
    }

    /// <summary>Fills blank non-secret fields from the template (an SMTP host and port, for example).</summary>
    private static CredentialSecret ApplyPrefill(CredentialTemplate template, CredentialSecret secret)
    {
        if (template.Prefill.Count == 0)
        {
            return secret;
        }

        var schema = CredentialSchemas.Instance.Get(secret.Type);
        var values = SecretFields.Read(secret);
        var changed = false;
        for (var i = 0; i < values.Length; i++)
        {
            var field = schema.Fields[i];
            if (!field.Secret && string.IsNullOrEmpty(values[i]) && template.Prefill.TryGetValue(field.Name, out var value))
            {
                values[i] = value;
                changed = true;
            }
        }

        if (!changed)
        {
            return secret;
        }

        var errors = new List<CredentialValidationError>();
        var filled = SecretFields.Build(secret.Type, values, errors);
        CredentialValidator.ThrowIfAny(errors);
        return filled;
    }

    /// <summary>Opens the values of a stored credential the context may see, for the live checks.</summary>
    internal async Task<CredentialSecret> OpenAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(context, id, cancellationToken).ConfigureAwait(false);
        return Open(record);
    }

    /// <summary>A credential the context may see, with its key loaded; another user's reads as not found.</summary>
    internal async Task<CredentialRecord> FindAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var record = await storage.FindByIdAsync(orgId, id.Value, cancellationToken).ConfigureAwait(false);
        if (record is null || !CredentialOwners.CanSee(context, record.Metadata.OwnerUserId))
        {
            throw NotFound(orgId, id);
        }

        await initializer.EnsureKeyAsync(record.KeyId, cancellationToken).ConfigureAwait(false);
        return record;
    }

    internal CredentialSecret Open(CredentialRecord record)
    {
        try
        {
            return sealer.Open(record);
        }
        catch (CredentialIntegrityException ex)
        {
            metrics.RecordIntegrityFailure();
            Log.IntegrityCheckFailed(_logger, ex, record.Metadata.OrganizationId, new CredentialId(record.Metadata.Id));
            throw;
        }
    }

    /// <summary>
    /// The store refused a write sealed under <paramref name="keyId"/>: that key was retired by another instance. Once, the
    /// keys are re-read and the caller seals again under the new primary; a second refusal is an error.
    /// </summary>
    private async Task<IKeyEncryptionKey> RetiredOnWriteAsync(string keyId, int attempt, CancellationToken cancellationToken)
    {
        var kek = await initializer.OnKeyRetiredAsync(keyId, cancellationToken).ConfigureAwait(false);
        if (attempt > 1)
        {
            throw new CredentialException(
                $"The primary key '{keyId}' was retired by another instance while this write was being made, twice in a row; " +
                "nothing was written. Try again once key rotation has settled.");
        }

        return kek;
    }

    private static CredentialNotFoundException NotFound(string orgId, CredentialId id) =>
        new($"No credential {id} exists in organization '{orgId}'.");

    private static CredentialConflictException KeyTaken(string orgId, string? ownerUserId, string key) =>
        new(ownerUserId is null
            ? $"The key '{key}' is already used by another shared credential in organization '{orgId}'."
            : $"The key '{key}' is already used by another credential of user '{ownerUserId}' in organization '{orgId}'.");

    private static CredentialConcurrencyException Stale(string orgId, CredentialId id, long expected, long? actual) =>
        new(actual is null
            ? $"Credential {id} in organization '{orgId}' changed since version {expected} was read; reload it and try again."
            : $"Credential {id} in organization '{orgId}' is at version {actual}, not the expected {expected}; reload it and try again.");
}
