using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Credentials.AspNetCore;

/// <summary>GET /templates and GET /schemas: what a host needs to render the "Add a Credential" dialog.</summary>
internal static class CatalogEndpoints
{
    public static IResult Templates([FromServices] ICredentialTemplateCatalog catalog, [FromQuery] string? q, [FromQuery] string? category)
    {
        IEnumerable<CredentialTemplate> templates = string.IsNullOrWhiteSpace(q) ? catalog.All : catalog.Search(q.Trim());
        if (!string.IsNullOrEmpty(category))
        {
            if (!CredentialWireNames.TryParseCategory(category, out var parsed))
            {
                return CredentialProblems.BadQuery("category", "must be one of " + string.Join(", ", CredentialWireNames.Categories));
            }

            templates = templates.Where(t => t.Category == parsed);
        }

        IReadOnlyList<CredentialTemplateResponse> body = templates.Select(ResponseMapper.Template).ToArray();
        return TypedResults.Json(body, CredentialsApiJsonContext.Default.IReadOnlyListCredentialTemplateResponse);
    }

    public static IResult Schemas([FromServices] ICredentialSchemas schemas)
    {
        IReadOnlyList<CredentialSchemaResponse> body = schemas.All.Select(ResponseMapper.Schema).ToArray();
        return TypedResults.Json(body, CredentialsApiJsonContext.Default.IReadOnlyListCredentialSchemaResponse);
    }
}
