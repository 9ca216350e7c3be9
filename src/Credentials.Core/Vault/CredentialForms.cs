namespace Credentials;

/// <summary>The field-map form API: turns posted text fields into typed values and applies the typed rules.</summary>
internal sealed class CredentialForms(CredentialVault vault) : ICredentialForms
{
    private static readonly string[] CommonFields = ["name", "key", "category"];

    public Task<CredentialView> CreateAsync(
        CredentialContext context,
        CredentialType type,
        IReadOnlyDictionary<string, string?> fields,
        CredentialOwnership ownership = CredentialOwnership.Organization,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (!Enum.IsDefined(type))
        {
            throw new CredentialValidationException([new("type", "must be one of " + string.Join(", ", CredentialWireNames.Types))]);
        }

        var schema = CredentialSchemas.Instance.Get(type);
        var errors = new List<CredentialValidationError>();
        CheckFieldNames(schema, fields, errors);
        var category = ParseCategory(fields.GetValueOrDefault("category"), errors) ?? default;
        var values = new string?[schema.Fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = fields.GetValueOrDefault(schema.Fields[i].Name);
        }

        var secret = SecretFields.Build(type, values, errors);
        var name = fields.GetValueOrDefault("name") ?? string.Empty;
        var key = fields.GetValueOrDefault("key") ?? string.Empty;

        // The vault adds the name, key and value rules to the errors found here and throws once with all of them.
        var credential = new NewCredential(name, key, category, secret) { OwnerUserId = CredentialOwners.OwnerFor(context, ownership) };
        return vault.CreateCoreAsync(context, credential, template: null, errors, cancellationToken);
    }

    public Task<CredentialView> CreateFromTemplateAsync(
        CredentialContext context,
        string templateId,
        IReadOnlyDictionary<string, string?> fields,
        CredentialOwnership ownership = CredentialOwnership.Organization,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        context.OrganizationId();
        var template = vault.FindTemplate(templateId);
        var schema = CredentialSchemas.Instance.Get(template.Type);
        var errors = new List<CredentialValidationError>();
        foreach (var name in fields.Keys)
        {
            if (name != "name" && schema.FindField(name) is null)
            {
                CredentialValidator.AddError(errors, name, $"is not a field of template '{template.Id}' (type {schema.Type.ToWireName()})");
            }
        }

        var values = new string?[schema.Fields.Count];
        for (var i = 0; i < values.Length; i++)
        {
            var field = schema.Fields[i];
            values[i] = fields.GetValueOrDefault(field.Name);
            if (string.IsNullOrEmpty(values[i]) && !field.Secret && template.Prefill.TryGetValue(field.Name, out var prefilled))
            {
                // Before parsing, so a blank select (an SMTP encryption) takes the template's value instead of "is required".
                values[i] = prefilled;
            }
        }

        var secret = SecretFields.Build(template.Type, values, errors);
        var posted = fields.GetValueOrDefault("name");
        return vault.CreateFromTemplateCoreAsync(context, template, secret, string.IsNullOrEmpty(posted) ? null : posted, ownership, errors, cancellationToken);
    }

    public Task<CredentialView> UpdateAsync(CredentialContext context, CredentialId id, IReadOnlyDictionary<string, string?> fields, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var errors = new List<CredentialValidationError>();
        var category = fields.TryGetValue("category", out var categoryText) ? ParseCategory(categoryText, errors) : null;
        var name = fields.TryGetValue("name", out var nameText) ? nameText ?? string.Empty : null;
        var key = fields.TryGetValue("key", out var keyText) ? keyText ?? string.Empty : null;
        CredentialValidator.ThrowIfAny(errors);

        var postsSecretFields = fields.Keys.Any(k => !CommonFields.Contains(k, StringComparer.Ordinal));
        Func<CredentialSecret, List<CredentialValidationError>, CredentialSecret>? change =
            postsSecretFields ? (stored, errors) => Overlay(stored, fields, errors) : null;
        var changes = new CredentialChanges(name, key, category, change, expectedVersion);
        return Traced.RunAsync("credentials.update", context, () => vault.UpdateCoreAsync(context, id, changes, cancellationToken), id.Value);
    }

    /// <summary>
    /// Absent fields keep the stored value, blank secret fields keep the stored secret (unless a destination field changes:
    /// <see cref="DestinationRule"/>), the rest replace. Errors found
    /// while reading the fields go to <paramref name="errors"/>; the vault validates the result.
    /// </summary>
    private static CredentialSecret Overlay(CredentialSecret stored, IReadOnlyDictionary<string, string?> fields, List<CredentialValidationError> errors)
    {
        var schema = CredentialSchemas.Instance.Get(stored.Type);
        CheckFieldNames(schema, fields, errors);
        var storedValues = SecretFields.Read(stored);
        var values = SecretFields.Read(stored);
        var given = new string?[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var field = schema.Fields[i];
            if (fields.TryGetValue(field.Name, out var posted))
            {
                given[i] = posted;
                if (!(field.Secret && string.IsNullOrEmpty(posted)))
                {
                    values[i] = posted;
                }
            }
        }

        DestinationRule.Check(schema, storedValues, given, values, errors);
        SecretFields.DropStaleDerivedValues(stored.Type, storedValues, values);
        return SecretFields.Build(stored.Type, values, errors);
    }

    private static void CheckFieldNames(CredentialSchema schema, IReadOnlyDictionary<string, string?> fields, List<CredentialValidationError> errors)
    {
        foreach (var name in fields.Keys)
        {
            if (!CommonFields.Contains(name, StringComparer.Ordinal) && schema.FindField(name) is null)
            {
                CredentialValidator.AddError(errors, name, $"is not a field of type {schema.Type.ToWireName()}");
            }
        }
    }

    private static CredentialCategory? ParseCategory(string? text, List<CredentialValidationError> errors)
    {
        if (CredentialWireNames.TryParseCategory(text, out var category))
        {
            return category;
        }

        CredentialValidator.AddError(errors, "category", string.IsNullOrEmpty(text)
            ? "is required"
            : "must be one of " + string.Join(", ", CredentialWireNames.Categories));
        return null;
    }
}
