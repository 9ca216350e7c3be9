using Credentials.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// The store: validates before anything is written, seals every secret under a fresh data key, keeps the masked
/// summary beside the ciphertext so listings decrypt nothing, and turns storage outcomes into the library's errors.
/// </summary>
internal sealed partial class CredentialVault(
    ICredentialStorage storage,
    CredentialSealer sealer,
    CredentialsInitializer initializer,
    ICredentialTemplateCatalog templates,
    ResolveCache cache,
    IOptions<CredentialsOptions> options,
    TimeProvider time,
    CredentialDeletions deletions,
    AuditTrail audit,
    CredentialViews views,
    CredentialsMetrics metrics,
    ILoggerFactory? loggerFactory = null) : ICredentialStore
{
    // Logging is optional: a plain ServiceProvider without AddLogging() must still work.
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Store");

    // Without an expected version the caller asked for "last writer wins"; re-read and re-apply a few times.
    private const int MaxUnversionedAttempts = 5;

    public Task<CredentialView> CreateAsync(CredentialContext context, NewCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var template = credential.TemplateId is { Length: > 0 } templateId ? templates.Find(templateId) : null;
        return Traced.RunAsync("credentials.create", context, () => CreateCoreAsync(context, credential, template, [], cancellationToken));
    }

    /// <summary>
    /// Validates and stores a new credential. <paramref name="errors"/> may already hold errors found while reading a
    /// form, so one exception lists every broken rule. Warnings travel back on the returned view. <paramref name="id"/>
    /// is for an import that keeps the id the credential had elsewhere; a new id otherwise.
    /// </summary>
    internal async Task<CredentialView> CreateCoreAsync(
        CredentialContext context,
        NewCredential credential,
        CredentialTemplate? template,
        List<CredentialValidationError> errors,
        CancellationToken cancellationToken,
        CredentialId? id = null)
    {
        var orgId = context.OrganizationId();
        ArgumentNullException.ThrowIfNull(credential);
        var warnings = new List<CredentialValidationWarning>();
        CredentialValidator.ValidateName(credential.Name, errors);
        CredentialValidator.ValidateKey(credential.Key, errors);
        CredentialValidator.ValidateCategory(credential.Category, errors);
        CredentialOwners.ValidateNewOwner(context, credential.OwnerUserId, errors);
        CredentialValidator.ValidateExpiresAt(credential.ExpiresAt, errors);
        var secret = CredentialValidator.ValidateSecret(credential.Secret, errors, warnings, time.GetUtcNow());
        CredentialValidator.ThrowIfAny(errors);
        TemplateHints.Check(template, secret!, warnings);

        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var credentialId = id ?? CredentialId.New();
        var now = CredentialRecords.Now(time);
        var owner = credential.OwnerUserId;
        var metadata = new CredentialMetadataRecord(
            orgId,
            credentialId.Value,
            credential.Name,
            credential.Key,
            credential.Category.ToWireName(),
            secret!.Type.ToWireName(),
            SecretMask.For(secret),
            credential.TemplateId,
            CredentialRecords.SearchText(credential.Name, credential.Key),
            now,
            now,
            Version: 1)
        {
            OwnerUserId = owner,
            ExpiresAt = credential.ExpiresAt is { } expiresAt ? CredentialRecords.Truncate(expiresAt) : null,
        };

        // The audit key first: loading it may re-read the keys (a wrap under a key another instance added), and the key to
        // seal under is chosen after that.
        var entry = await audit.EntryAsync(orgId, AuditAction.Created, context.UserId, metadata, null, cancellationToken).ConfigureAwait(false);
        var kek = await initializer.PrepareWriteAsync(cancellationToken).ConfigureAwait(false);
        for (var attempt = 1; ; attempt++)
        {
            var (keyId, sealedSecret) = sealer.Seal(kek, orgId, owner, credentialId.Value, credential.Key, version: 1, secret!);
            var result = await storage.InsertAsync(new CredentialRecord(metadata, keyId, sealedSecret), entry, cancellationToken).ConfigureAwait(false);
            if (result == StorageWriteResult.Success)
            {
                break;
            }

            if (result != StorageWriteResult.KeyRetired)
            {
                throw KeyTaken(orgId, owner, credential.Key);
            }

            // The store's fence refused it: another instance retired this key since this one last read its ring.
            kek = await RetiredOnWriteAsync(keyId, attempt, cancellationToken).ConfigureAwait(false);
        }

        Log.CredentialCreated(_logger, orgId, credentialId, credential.Key);
        return views.ToView(metadata) with { Warnings = warnings };
    }

    public Task<CredentialView> CreateFromTemplateAsync(
        CredentialContext context,
        string templateId,
        CredentialSecret secret,
        string? name = null,
        CredentialOwnership ownership = CredentialOwnership.Organization,
        CancellationToken cancellationToken = default)
    {
        context.OrganizationId();
        ArgumentNullException.ThrowIfNull(secret);
        var template = FindTemplate(templateId);

        if (secret.Type != template.Type)
        {
            throw new CredentialValidationException([new("type", $"must be {template.Type.ToWireName()} for template '{template.Id}'")]);
        }

        return Traced.RunAsync("credentials.create", context, () => CreateFromTemplateCoreAsync(context, template, secret, name, ownership, [], cancellationToken));
    }

    /// <summary>Creates from a template found and type-checked by the caller; <paramref name="errors"/> may hold a form's errors already.</summary>
    internal Task<CredentialView> CreateFromTemplateCoreAsync(
        CredentialContext context,
        CredentialTemplate template,
        CredentialSecret secret,
        string? name,
        CredentialOwnership ownership,
        List<CredentialValidationError> errors,
        CancellationToken cancellationToken)
    {
        var filled = ApplyPrefill(template, secret);
        var credential = new NewCredential(name ?? template.Name, template.Key, template.Category, filled)
        {
            TemplateId = template.Id,
            OwnerUserId = CredentialOwners.OwnerFor(context, ownership),
        };
        return CreateCoreAsync(context, credential, template, errors, cancellationToken);
    }

    /// <summary>The template of that id, or a validation error on <c>template_id</c>.</summary>
    internal CredentialTemplate FindTemplate(string? templateId) =>
        (string.IsNullOrEmpty(templateId) ? null : templates.Find(templateId))
        ?? throw new CredentialValidationException([new("template_id", "is not a known template")]);

    public Task<CredentialView?> GetAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default)
    {
        var orgId = context.OrganizationId();
        return Traced.RunAsync("credentials.get", context, async () =>
        {
            await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
            var record = await storage.FindByIdAsync(orgId, id.Value, cancellationToken).ConfigureAwait(false);
            return record is null || !CredentialOwners.CanSee(context, record.Metadata.OwnerUserId)
                ? null
                : await views.ToViewAsync(record.Metadata, cancellationToken).ConfigureAwait(false);
        }, id.Value);
    }

    public Task<CredentialView?> GetByKeyAsync(CredentialContext context, string key, CredentialOwnership ownership, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.get", context, () => GetByKeyCoreAsync(context, key, ownership, cancellationToken));

    private async Task<CredentialView?> GetByKeyCoreAsync(CredentialContext context, string key, CredentialOwnership ownership, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        ArgumentNullException.ThrowIfNull(key);
        var owner = ownership == CredentialOwnership.User
            ? context.UserId ?? throw new ArgumentException("A user's own credential needs a context that names the user.", nameof(context))
            : null;
        if (!CredentialValidator.IsKey(key))
        {
            return null;
        }

        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var record = await storage.FindByKeyAsync(orgId, owner, key, cancellationToken).ConfigureAwait(false);
        return record is null ? null : await views.ToViewAsync(record.Metadata, cancellationToken).ConfigureAwait(false);
    }

    public Task<CredentialEditForm> GetForEditAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.get_for_edit", context, () => GetForEditCoreAsync(context, id, cancellationToken), id.Value);

    private async Task<CredentialEditForm> GetForEditCoreAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken)
    {
        var record = await FindAsync(context, id, cancellationToken).ConfigureAwait(false);
        var view = CredentialRecords.ToView(record.Metadata);
        var values = SecretFields.Read(Open(record));
        var schema = CredentialSchemas.Instance.Get(view.Type);
        var fields = new CredentialFormField[schema.Fields.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            var field = schema.Fields[i];
            fields[i] = new CredentialFormField(field, field.Secret ? null : values[i], !string.IsNullOrEmpty(values[i]));
        }

        return new CredentialEditForm(view.Id, view.Name, view.Key, view.Category, view.Type, view.TemplateId, view.Version, fields);
    }

    public Task<CredentialPage> ListAsync(CredentialContext context, CredentialQuery? query = null, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.list", context, () => ListCoreAsync(context, query, cancellationToken));

    private async Task<CredentialPage> ListCoreAsync(CredentialContext context, CredentialQuery? query, CancellationToken cancellationToken)
    {
        var orgId = context.OrganizationId();
        query ??= new CredentialQuery();
        var settings = options.Value;
        var errors = new List<CredentialValidationError>();
        var pageSize = query.PageSize ?? settings.DefaultPageSize;
        if (pageSize < 1 || pageSize > settings.MaxPageSize)
        {
            errors.Add(new("page_size", $"must be from 1 to {settings.MaxPageSize}"));
        }

        ContinuationToken.Position after = default;
        if (query.ContinuationToken is not null && !ContinuationToken.TryDecode(query.ContinuationToken, out after))
        {
            errors.Add(new("continuation_token", "is not a token returned by a previous page"));
        }

        if (query.Category is { } category)
        {
            CredentialValidator.ValidateCategory(category, errors);
        }

        if (query.Type is { } type && !Enum.IsDefined(type))
        {
            errors.Add(new("type", "must be one of " + string.Join(", ", CredentialWireNames.Types)));
        }

        var text = query.Text?.Trim();
        if (text?.Length > CredentialValidator.MaxNameLength)
        {
            errors.Add(new("text", $"must be at most {CredentialValidator.MaxNameLength} characters"));
        }

        if (query.OwnerUserId is { } ownerFilter && !query.IncludeAllUsers)
        {
            if (!UserIds.IsValid(ownerFilter))
            {
                errors.Add(new("owner_user_id", UserIds.Rule));
            }
            else if (!CredentialOwners.CanSee(context, ownerFilter))
            {
                errors.Add(new("owner_user_id", "a user can list only their own personal credentials"));
            }
        }

        if (query.IncludeAllUsers && context.UserId is not null)
        {
            errors.Add(new("include_all_users", "lists every user's credentials, an administrator's view: use the organization's context"));
        }

        CredentialValidator.ThrowIfAny(errors);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);

        var storageQuery = new CredentialStorageQuery(
            query.Category?.ToWireName(),
            query.Type?.ToWireName(),
            string.IsNullOrEmpty(text) ? null : text.ToUpperInvariant(),
            after.Key,
            pageSize + 1)
        {
            OwnerUserId = query.IncludeAllUsers ? null : query.OwnerUserId,
            AllOwners = query.IncludeAllUsers,
            AfterOwnerUserId = after.OwnerUserId,
        };
        var rows = await storage.ListAsync(orgId, storageQuery, cancellationToken).ConfigureAwait(false);
        var count = Math.Min(rows.Count, pageSize);
        var items = new CredentialView[count];
        for (var i = 0; i < count; i++)
        {
            // Only an OAuth 2.0 credential costs a read more (its recorded connection state).
            items[i] = await views.ToViewAsync(rows[i], cancellationToken).ConfigureAwait(false);
        }

        var next = rows.Count > pageSize ? ContinuationToken.Encode(items[^1].Key, query.IncludeAllUsers ? items[^1].OwnerUserId : null) : null;
        return new CredentialPage(items, next);
    }

    public async IAsyncEnumerable<CredentialView> ListAllAsync(
        CredentialContext context,
        CredentialQuery? query = null,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        query ??= new CredentialQuery();
        while (true)
        {
            var page = await ListCoreAsync(context, query, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            if (page.ContinuationToken is null)
            {
                yield break;
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }
    }

    public Task<CredentialView> UpdateAsync(CredentialContext context, CredentialId id, CredentialUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        Func<CredentialSecret, List<CredentialValidationError>, CredentialSecret>? change =
            update.Secret is { } incoming ? (stored, errors) => MergeSecret(stored, incoming, errors) : null;
        var changes = new CredentialChanges(update.Name, update.Key, update.Category, change, update.ExpectedVersion)
        {
            ExpiresAt = update.ExpiresAt,
            ClearExpiresAt = update.ClearExpiresAt,
        };
        return Traced.RunAsync("credentials.update", context, () => UpdateCoreAsync(context, id, changes, cancellationToken), id.Value);
    }

    public Task<DeletionImpact> PreviewDeleteAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.preview_delete", context, () => deletions.PreviewAsync(context, id, cancellationToken), id.Value);

    public Task<DeletionImpact> DeleteAsync(CredentialContext context, CredentialId id, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.delete", context, () => deletions.DeleteAsync(context, id, cancellationToken), id.Value);
}
