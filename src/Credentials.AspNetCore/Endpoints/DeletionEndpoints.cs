using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Credentials.AspNetCore;

/// <summary>The deletion preview, delete, recently deleted and recover.</summary>
internal static class DeletionEndpoints
{
    public static async Task<IResult> Impact(HttpContext http, string id, [FromServices] ICredentialStore store)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        var impact = await store.PreviewDeleteAsync(scope.Context, credentialId, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(ResponseMapper.Impact(impact), CredentialsApiJsonContext.Default.DeletionImpactResponse);
    }

    public static async Task<IResult> Delete(HttpContext http, string id, [FromServices] ICredentialStore store)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        var impact = await store.DeleteAsync(scope.Context, credentialId, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(ResponseMapper.Impact(impact), CredentialsApiJsonContext.Default.DeletionImpactResponse);
    }

    public static async Task<IResult> ListDeleted(HttpContext http, [FromServices] IDeletedCredentials deleted)
    {
        var scope = ApiScopeFeature.Of(http);
        var items = await deleted.ListAsync(scope.Context, http.RequestAborted).ConfigureAwait(false);
        IReadOnlyList<DeletedCredentialResponse> body = items.Select(ResponseMapper.Deleted).ToArray();
        return TypedResults.Json(body, CredentialsApiJsonContext.Default.IReadOnlyListDeletedCredentialResponse);
    }

    public static async Task<IResult> Recover(HttpContext http, string id, [FromServices] IDeletedCredentials deleted, [FromServices] ICredentialAssignments assignments)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        var view = await deleted.RecoverAsync(scope.Context, credentialId, http.RequestAborted).ConfigureAwait(false);
        var usedBy = await CredentialEndpoints.CountConsumersAsync(assignments, scope, credentialId, http.RequestAborted).ConfigureAwait(false);
        ETags.Set(http.Response, view.Version);
        return TypedResults.Json(ResponseMapper.Card(view, usedBy), CredentialsApiJsonContext.Default.CredentialResponse);
    }
}
