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
    ILoggerFactory? loggerFactory = null) : ICredentialStore
{
    // Logging is optional: a plain ServiceProvider without AddLogging() must still work.
    private readonly ILogger _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.Store");

    // Without an expected version the caller asked for "last writer wins"; re-read and re-apply a few times.
    private const int MaxUnversionedAttempts = 5;

    public Task<CredentialView> CreateAsync(OrganizationId org, NewCredential credential, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var template = credential.TemplateId is { Length: > 0 } templateId ? templates.Find(templateId) : null;
        return CreateCoreAsync(org, credential, template, [], cancellationToken);
    }

    /// <summary>
    /// Validates and stores a new credential. <paramref name="errors"/> may already hold errors found while reading a
    /// form, so one exception lists every broken rule. Warnings travel back on the returned view.
    /// </summary>
    internal async Task<CredentialView> CreateCoreAsync(
        OrganizationId org,
        NewCredential credential,
        CredentialTemplate? template,
        List<CredentialValidationError> errors,
        CancellationToken cancellationToken)
    {
        var orgId = org.Checked();
        ArgumentNullException.ThrowIfNull(credential);
        var warnings = new List<CredentialValidationWarning>();
        CredentialValidator.ValidateName(credential.Name, errors);
        CredentialValidator.ValidateKey(credential.Key, errors);
        CredentialValidator.ValidateCategory(credential.Category, errors);
        var secret = CredentialValidator.ValidateSecret(credential.Secret, errors, warnings, time.GetUtcNow());
        CredentialValidator.ThrowIfAny(errors);
        TemplateHints.Check(template, secret!, warnings);

        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var kek = await initializer.PrepareWriteAsync(cancellationToken).ConfigureAwait(false);
        var id = CredentialId.New();
        var now = CredentialRecords.Now(time);
        var metadata = new CredentialMetadataRecord(
            orgId,
            id.Value,
            credential.Name,
            credential.Key,
            credential.Category.ToWireName(),
            secret!.Type.ToWireName(),
            SecretMask.For(secret),
            credential.TemplateId,
            CredentialRecords.SearchText(credential.Name, credential.Key),
            now,
            now,
            Version: 1);

        for (var attempt = 1; ; attempt++)
        {
            var (keyId, sealedSecret) = sealer.Seal(kek, orgId, null, id.Value, credential.Key, version: 1, secret!);
            var result = await storage.InsertAsync(new CredentialRecord(metadata, keyId, sealedSecret), cancellationToken).ConfigureAwait(false);
            if (result == StorageWriteResult.Success)
            {
                break;
            }

            if (result != StorageWriteResult.KeyRetired)
            {
                throw KeyTaken(orgId, credential.Key);
            }

            // The store's fence refused it: another instance retired this key since this one last read its ring.
            kek = await RetiredOnWriteAsync(keyId, attempt, cancellationToken).ConfigureAwait(false);
        }

        Log.CredentialCreated(_logger, orgId, id, credential.Key);
        return CredentialRecords.ToView(metadata) with { Warnings = warnings };
    }

    public Task<CredentialView> CreateFromTemplateAsync(OrganizationId org, string templateId, CredentialSecret secret, string? name = null, CancellationToken cancellationToken = default)
    {
        org.Checked();
        ArgumentNullException.ThrowIfNull(secret);
        var template = string.IsNullOrEmpty(templateId) ? null : templates.Find(templateId);
        if (template is null)
        {
            throw new CredentialValidationException([new("template_id", "is not a known template")]);
        }

        if (secret.Type != template.Type)
        {
            throw new CredentialValidationException([new("type", $"must be {template.Type.ToWireName()} for template '{template.Id}'")]);
        }

        var filled = ApplyPrefill(template, secret);
        var credential = new NewCredential(name ?? template.Name, template.Key, template.Category, filled) { TemplateId = template.Id };
        return CreateCoreAsync(org, credential, template, [], cancellationToken);
    }

    public async Task<CredentialView?> GetAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default)
    {
        var orgId = org.Checked();
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);
        var record = await storage.FindByIdAsync(orgId, id.Value, cancellationToken).ConfigureAwait(false);
        return record is null ? null : CredentialRecords.ToView(record.Metadata);
    }

    public async Task<CredentialEditForm> GetForEditAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default)
    {
        var record = await FindAsync(org.Checked(), id, cancellationToken).ConfigureAwait(false);
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

    public async Task<CredentialPage> ListAsync(OrganizationId org, CredentialQuery? query = null, CancellationToken cancellationToken = default)
    {
        var orgId = org.Checked();
        query ??= new CredentialQuery();
        var settings = options.Value;
        var errors = new List<CredentialValidationError>();
        var pageSize = query.PageSize ?? settings.DefaultPageSize;
        if (pageSize < 1 || pageSize > settings.MaxPageSize)
        {
            errors.Add(new("page_size", $"must be from 1 to {settings.MaxPageSize}"));
        }

        string? afterKey = null;
        if (query.ContinuationToken is not null && !ContinuationToken.TryDecode(query.ContinuationToken, out afterKey))
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

        CredentialValidator.ThrowIfAny(errors);
        await initializer.EnsureAsync(cancellationToken).ConfigureAwait(false);

        var storageQuery = new CredentialStorageQuery(
            query.Category?.ToWireName(),
            query.Type?.ToWireName(),
            string.IsNullOrEmpty(text) ? null : text.ToUpperInvariant(),
            afterKey,
            pageSize + 1);
        var rows = await storage.ListAsync(orgId, storageQuery, cancellationToken).ConfigureAwait(false);
        var count = Math.Min(rows.Count, pageSize);
        var items = new CredentialView[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = CredentialRecords.ToView(rows[i]);
        }

        var next = rows.Count > pageSize ? ContinuationToken.Encode(items[^1].Key) : null;
        return new CredentialPage(items, next);
    }

    public Task<CredentialView> UpdateAsync(OrganizationId org, CredentialId id, CredentialUpdate update, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        Func<CredentialSecret, List<CredentialValidationError>, CredentialSecret>? change =
            update.Secret is { } incoming ? (stored, errors) => MergeSecret(stored, incoming, errors) : null;
        return UpdateCoreAsync(org, id, update.Name, update.Key, update.Category, change, update.ExpectedVersion, cancellationToken);
    }

    public Task<DeletionImpact> PreviewDeleteAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default) =>
        deletions.PreviewAsync(org, id, cancellationToken);

    public Task<DeletionImpact> DeleteAsync(OrganizationId org, CredentialId id, CancellationToken cancellationToken = default) =>
        deletions.DeleteAsync(org, id, cancellationToken);
}
