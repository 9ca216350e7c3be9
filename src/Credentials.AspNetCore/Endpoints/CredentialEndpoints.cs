using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Credentials.AspNetCore;

/// <summary>Cards, create, read, the edit form and update.</summary>
internal static class CredentialEndpoints
{
    private static readonly string[] CommonFields = ["name", "key", "category"];

    public static async Task<IResult> List(
        HttpContext http,
        [FromServices] ICredentialStore store,
        [FromServices] ICredentialAssignments assignments,
        [FromQuery] string? category,
        [FromQuery] string? type,
        [FromQuery] string? q,
        [FromQuery] string? pageSize,
        [FromQuery] string? continuationToken)
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

        var page = await store.ListAsync(scope.Organization, query, http.RequestAborted).ConfigureAwait(false);
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
        [FromServices] ICredentialStore store,
        [FromServices] ICredentialTemplateCatalog catalog,
        [FromServices] ICredentialSchemas schemas)
    {
        var scope = ApiScopeFeature.Of(http);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, CredentialsApiJsonContext.Default.CreateCredentialRequest, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        var fields = FieldMap.From(body!.Fields);
        var errors = new List<CredentialValidationError>();
        CredentialView view;
        if (!string.IsNullOrEmpty(body.TemplateId))
        {
            var template = catalog.Find(body.TemplateId);
            if (template is null)
            {
                return CredentialProblems.Validation([new("template_id", "is not a known template")]);
            }

            if (body.Type is { Length: > 0 } typeName && typeName != template.Type.ToWireName())
            {
                errors.Add(new("type", $"must be {template.Type.ToWireName()} for template '{template.Id}'"));
            }

            var name = Blank(body.Name) ?? Blank(fields.GetValueOrDefault("name"));
            var key = Blank(body.Key) ?? Blank(fields.GetValueOrDefault("key"));
            var category = template.Category;
            if ((Blank(body.Category) ?? Blank(fields.GetValueOrDefault("category"))) is { } categoryName
                && !CredentialWireNames.TryParseCategory(categoryName, out category))
            {
                errors.Add(new("category", "must be one of " + string.Join(", ", CredentialWireNames.Categories)));
            }

            foreach (var common in CommonFields)
            {
                fields.Remove(common);
            }

            var secret = TemplateSecrets.Build(template, schemas.Get(template.Type), fields, errors);
            if (errors.Count > 0)
            {
                return CredentialProblems.Validation(errors);
            }

            var credential = new NewCredential(name ?? template.Name, key ?? template.Key, category, secret) { TemplateId = template.Id };
            view = await store.CreateAsync(scope.Organization, credential, http.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            if (!CredentialWireNames.TryParseType(body.Type, out var type))
            {
                return CredentialProblems.Validation([new("type", string.IsNullOrEmpty(body.Type)
                    ? "is required (or post a templateId)"
                    : "must be one of " + string.Join(", ", CredentialWireNames.Types))]);
            }

            Overlay(fields, "name", body.Name);
            Overlay(fields, "key", body.Key);
            Overlay(fields, "category", body.Category);
            view = await forms.CreateAsync(scope.Organization, type, fields, http.RequestAborted).ConfigureAwait(false);
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

        var view = await store.GetAsync(scope.Organization, credentialId, http.RequestAborted).ConfigureAwait(false);
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

        var form = await store.GetForEditAsync(scope.Organization, credentialId, http.RequestAborted).ConfigureAwait(false);
        ETags.Set(http.Response, form.Version);
        return TypedResults.Json(ResponseMapper.EditForm(form), CredentialsApiJsonContext.Default.CredentialEditFormResponse);
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
            var stored = await store.GetAsync(scope.Organization, credentialId, http.RequestAborted).ConfigureAwait(false);
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
        var view = await forms.UpdateAsync(scope.Organization, credentialId, fields, ifMatch ?? body.ExpectedVersion, http.RequestAborted).ConfigureAwait(false);
        var usedBy = await CountConsumersAsync(assignments, scope, credentialId, http.RequestAborted).ConfigureAwait(false);
        ETags.Set(http.Response, view.Version);
        return TypedResults.Json(ResponseMapper.Card(view, usedBy), CredentialsApiJsonContext.Default.CredentialResponse);
    }

    /// <summary>How many consumers a card has ("used by N"); null when it vanished meanwhile.</summary>
    internal static async Task<int?> CountConsumersAsync(ICredentialAssignments assignments, ApiScope scope, CredentialId id, CancellationToken cancellationToken)
    {
        try
        {
            return (await assignments.ListConsumersAsync(scope.Organization, id, cancellationToken).ConfigureAwait(false)).Count;
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
