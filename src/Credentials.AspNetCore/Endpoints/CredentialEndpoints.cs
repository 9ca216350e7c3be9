using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Credentials.AspNetCore;

/// <summary>Cards, create, read, the edit form and update.</summary>
internal static class CredentialEndpoints
{
    public static async Task<IResult> List(
        HttpContext http,
        [FromServices] ICredentialStore store,
        [FromServices] ICredentialAssignments assignments,
        [FromQuery] string? category,
        [FromQuery] string? type,
        [FromQuery] string? q,
        [FromQuery] string? pageSize,
        [FromQuery] string? continuationToken,
        [FromQuery] string? ownerUserId,
        [FromQuery] string? includeAllUsers)
    {
        var scope = ApiScopeFeature.Of(http);
        var query = new CredentialQuery { Text = string.IsNullOrWhiteSpace(q) ? null : q.Trim(), ContinuationToken = string.IsNullOrEmpty(continuationToken) ? null : continuationToken };
        if (!string.IsNullOrEmpty(category))
        {
            if (!CredentialWireNames.TryParseCategory(category, out var parsed))
            {
                return CredentialProblems.BadQuery("category", "must be one of " + string.Join(", ", CredentialWireNames.Categories));
            }

            query = query with { Category = parsed };
        }

        if (!string.IsNullOrEmpty(type))
        {
            if (!CredentialWireNames.TryParseType(type, out var parsed))
            {
                return CredentialProblems.BadQuery("type", "must be one of " + string.Join(", ", CredentialWireNames.Types));
            }

            query = query with { Type = parsed };
        }

        if (!string.IsNullOrEmpty(pageSize))
        {
            if (!int.TryParse(pageSize, NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            {
                return CredentialProblems.BadQuery("pageSize", "must be a whole number");
            }

            query = query with { PageSize = size };
        }

        // The library decides who may use which filter: in a user's request ownerUserId may only name that user, and
        // includeAllUsers (every user's credentials, an administrator's view) is refused; both answer 422.
        if (!string.IsNullOrEmpty(ownerUserId))
        {
            query = query with { OwnerUserId = ownerUserId };
        }

        if (!string.IsNullOrEmpty(includeAllUsers))
        {
            if (!bool.TryParse(includeAllUsers, out var all))
            {
                return CredentialProblems.BadQuery("includeAllUsers", "must be true or false");
            }

            query = query with { IncludeAllUsers = all };
        }

        var page = await store.ListAsync(scope.Context, query, http.RequestAborted).ConfigureAwait(false);
        var items = new List<CredentialResponse>(page.Items.Count);
        foreach (var view in page.Items)
        {
            items.Add(ResponseMapper.Card(view, await CountConsumersAsync(assignments, scope, view.Id, http.RequestAborted).ConfigureAwait(false)));
        }

        return TypedResults.Json(new CredentialPageResponse(items, page.ContinuationToken), CredentialsApiJsonContext.Default.CredentialPageResponse);
    }

    public static async Task<IResult> Create(
        HttpContext http,
        [FromServices] ICredentialForms forms,
        [FromServices] ICredentialTemplateCatalog catalog,
        [FromServices] ICredentialSchemas schemas)
    {
        var scope = ApiScopeFeature.Of(http);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, CredentialsApiJsonContext.Default.CreateCredentialRequest, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new List<CredentialValidationError>();
        var ownership = Ownership(body!.Ownership, scope, errors);
        var fields = FieldMap.From(body.Fields);
        CredentialView view;
        if (!string.IsNullOrEmpty(body.TemplateId))
        {
            var template = catalog.Find(body.TemplateId);
            if (template is null)
            {
                return CredentialProblems.Validation([new("template_id", "is not a known template")]);
            }

            if (TemplateFields(template, schemas.Get(template.Type), body, fields, errors) is { } invalid)
            {
                return invalid;
            }

            view = await forms.CreateFromTemplateAsync(scope.Context, template.Id, fields, ownership, http.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            if (!CredentialWireNames.TryParseType(body.Type, out var type))
            {
                errors.Add(new("type", string.IsNullOrEmpty(body.Type)
                    ? "is required (or post a templateId)"
                    : "must be one of " + string.Join(", ", CredentialWireNames.Types)));
            }

            if (errors.Count > 0)
            {
                return CredentialProblems.Validation(errors);
            }

            Overlay(fields, "name", body.Name);
            Overlay(fields, "key", body.Key);
            Overlay(fields, "category", body.Category);
            view = await forms.CreateAsync(scope.Context, type, fields, ownership, http.RequestAborted).ConfigureAwait(false);
        }

        ETags.Set(http.Response, view.Version);
        http.Response.Headers.Location = Location(http, view.Id);
        return TypedResults.Json(ResponseMapper.Card(view, usedBy: 0), CredentialsApiJsonContext.Default.CredentialResponse, statusCode: StatusCodes.Status201Created);
    }

    public static async Task<IResult> Get(HttpContext http, string id, [FromServices] ICredentialStore store, [FromServices] ICredentialAssignments assignments)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        var view = await store.GetAsync(scope.Context, credentialId, http.RequestAborted).ConfigureAwait(false);
        if (view is null)
        {
            return CredentialProblems.NotFound();
        }

        var usedBy = await CountConsumersAsync(assignments, scope, credentialId, http.RequestAborted).ConfigureAwait(false);
        ETags.Set(http.Response, view.Version);
        return TypedResults.Json(ResponseMapper.Card(view, usedBy), CredentialsApiJsonContext.Default.CredentialResponse);
    }

    public static async Task<IResult> Edit(HttpContext http, string id, [FromServices] ICredentialStore store)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        var form = await store.GetForEditAsync(scope.Context, credentialId, http.RequestAborted).ConfigureAwait(false);

        // The form has no owner; the card has (an owner never changes, so the two reads agree while it exists).
        var card = await store.GetAsync(scope.Context, credentialId, http.RequestAborted).ConfigureAwait(false);
        if (card is null)
        {
            return CredentialProblems.NotFound();
        }

        ETags.Set(http.Response, form.Version);
        return TypedResults.Json(ResponseMapper.EditForm(form, card.OwnerUserId), CredentialsApiJsonContext.Default.CredentialEditFormResponse);
    }

    public static async Task<IResult> Update(
        HttpContext http,
        string id,
        [FromServices] ICredentialForms forms,
        [FromServices] ICredentialStore store,
        [FromServices] ICredentialAssignments assignments)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        if (!ETags.TryParseIfMatch(http.Request.Headers.IfMatch, out var ifMatch))
        {
            return CredentialProblems.BadRequest("If-Match must be one strong entity tag holding a version, such as \"3\" (from the ETag of the card or edit form), or *.", "malformed-if-match");
        }

        var (body, problem) = await JsonBody.ReadAsync(http.Request, CredentialsApiJsonContext.Default.UpdateCredentialRequest, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (ifMatch is not null && body!.ExpectedVersion is not null && ifMatch != body.ExpectedVersion)
        {
            return CredentialProblems.BadRequest("If-Match and expectedVersion name different versions; send one of them.", "version-mismatch");
        }

        if (body!.Type is { Length: > 0 } typeName)
        {
            var stored = await store.GetAsync(scope.Context, credentialId, http.RequestAborted).ConfigureAwait(false);
            if (stored is null)
            {
                return CredentialProblems.NotFound();
            }

            if (typeName != stored.Type.ToWireName())
            {
                return CredentialProblems.Validation([new("type", $"cannot change from {stored.Type.ToWireName()}: a credential of another type is a new credential")]);
            }
        }

        var fields = FieldMap.From(body.Fields);
        Overlay(fields, "name", body.Name);
        Overlay(fields, "key", body.Key);
        Overlay(fields, "category", body.Category);
        var view = await forms.UpdateAsync(scope.Context, credentialId, fields, ifMatch ?? body.ExpectedVersion, http.RequestAborted).ConfigureAwait(false);
        var usedBy = await CountConsumersAsync(assignments, scope, credentialId, http.RequestAborted).ConfigureAwait(false);
        ETags.Set(http.Response, view.Version);
        return TypedResults.Json(ResponseMapper.Card(view, usedBy), CredentialsApiJsonContext.Default.CredentialResponse);
    }

    /// <summary>How many consumers a card has ("used by N"); null when it vanished meanwhile.</summary>
    internal static async Task<int?> CountConsumersAsync(ICredentialAssignments assignments, ApiScope scope, CredentialId id, CancellationToken cancellationToken)
    {
        try
        {
            return (await assignments.ListConsumersAsync(scope.Context, id, cancellationToken).ConfigureAwait(false)).Count;
        }
        catch (CredentialNotFoundException)
        {
            return null;
        }
    }

    internal static string Location(HttpContext http, CredentialId id)
    {
        var path = http.Request.PathBase.Add(http.Request.Path).Value ?? string.Empty;
        return path.TrimEnd('/') + "/" + id;
    }

    /// <summary>
    /// <c>ownership</c>: absent or <c>organization</c> is shared, <c>user</c> is the requesting user's own (a request that acts
    /// for the organization itself has no user to own it).
    /// </summary>
    internal static CredentialOwnership Ownership(string? value, ApiScope scope, List<CredentialValidationError> errors)
    {
        switch (value)
        {
            case null or "" or "organization":
                return CredentialOwnership.Organization;
            case "user" when scope.UserId is null:
                errors.Add(new("ownership", "user needs a request made by a user; this one acts for the organization itself, so create a shared credential instead"));
                return CredentialOwnership.Organization;
            case "user":
                return CredentialOwnership.User;
            default:
                errors.Add(new("ownership", "must be organization or user"));
                return CredentialOwnership.Organization;
        }
    }

    /// <summary>
    /// Prepares a template create's fields for <see cref="ICredentialForms.CreateFromTemplateAsync"/>: the template gives
    /// the type, key and category (a posted one must be the template's) and the name unless one is posted. Returns the
    /// 422 to answer when the request breaks one of these rules (with every unknown field too), else null.
    /// </summary>
    private static IResult? TemplateFields(
        CredentialTemplate template,
        CredentialSchema schema,
        CreateCredentialRequest body,
        Dictionary<string, string?> fields,
        List<CredentialValidationError> errors)
    {
        if (body.Type is { Length: > 0 } typeName && typeName != template.Type.ToWireName())
        {
            errors.Add(new("type", $"must be {template.Type.ToWireName()} for template '{template.Id}'"));
        }

        if ((Blank(body.Key) ?? Blank(fields.GetValueOrDefault("key"))) is { } key && key != template.Key)
        {
            errors.Add(new("key", $"is {template.Key} for template '{template.Id}'; to use another key, create the credential without templateId"));
        }

        if ((Blank(body.Category) ?? Blank(fields.GetValueOrDefault("category"))) is { } category && category != template.Category.ToWireName())
        {
            errors.Add(new("category", $"is {template.Category.ToWireName()} for template '{template.Id}'; to use another category, create the credential without templateId"));
        }

        fields.Remove("key");
        fields.Remove("category");
        if ((Blank(body.Name) ?? Blank(fields.GetValueOrDefault("name"))) is { } name)
        {
            fields["name"] = name;
        }

        if (errors.Count == 0)
        {
            // The library checks the fields and every other rule, and reports them all at once.
            return null;
        }

        // Answered here, so report what the library would add about the field names as well.
        foreach (var field in fields.Keys)
        {
            if (field != "name" && schema.FindField(field) is null)
            {
                errors.Add(new(field, $"is not a field of template '{template.Id}' (type {template.Type.ToWireName()})"));
            }
        }

        return CredentialProblems.Validation(errors);
    }

    /// <summary>A body property wins over the same name inside <c>fields</c>.</summary>
    private static void Overlay(Dictionary<string, string?> fields, string name, string? value)
    {
        if (value is not null)
        {
            fields[name] = value;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
