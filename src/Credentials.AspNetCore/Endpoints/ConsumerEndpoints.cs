using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Credentials.AspNetCore;

/// <summary>GET, POST and DELETE /{id}/consumers: which LLM configurations, skills, tools and runtimes use a credential.</summary>
internal static class ConsumerEndpoints
{
    public static async Task<IResult> List(HttpContext http, string id, [FromServices] ICredentialAssignments assignments)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        return await ConsumersAsync(http, assignments, scope, credentialId).ConfigureAwait(false);
    }

    public static async Task<IResult> Assign(HttpContext http, string id, [FromServices] ICredentialAssignments assignments)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        var (body, problem) = await JsonBody.ReadAsync(http.Request, CredentialsApiJsonContext.Default.AssignConsumerRequest, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        await assignments.AssignAsync(scope.Context, credentialId, Consumer(body!.Kind, body.Id, body.DisplayName), http.RequestAborted).ConfigureAwait(false);
        return await ConsumersAsync(http, assignments, scope, credentialId).ConfigureAwait(false);
    }

    public static async Task<IResult> Unassign(
        HttpContext http,
        string id,
        [FromServices] ICredentialAssignments assignments,
        [FromQuery] string? kind,
        [FromQuery] string? consumerId)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        var removed = await assignments.UnassignAsync(scope.Context, credentialId, Consumer(kind, consumerId, null), http.RequestAborted).ConfigureAwait(false);
        return removed
            ? await ConsumersAsync(http, assignments, scope, credentialId).ConfigureAwait(false)
            : TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status404NotFound,
                Type = CredentialProblems.TypePrefix + "not-assigned",
                Title = "No such assignment",
                Detail = "The credential is not assigned to this consumer.",
            });
    }

    private static async Task<IResult> ConsumersAsync(HttpContext http, ICredentialAssignments assignments, ApiScope scope, CredentialId id)
    {
        var consumers = await assignments.ListConsumersAsync(scope.Context, id, http.RequestAborted).ConfigureAwait(false);
        IReadOnlyList<ConsumerResponse> body = consumers.Select(ResponseMapper.Consumer).ToArray();
        return TypedResults.Json(body, CredentialsApiJsonContext.Default.IReadOnlyListConsumerResponse);
    }

    /// <summary>
    /// A consumer reference by kind name: the library looks the name up among the registered kinds (built-in and the
    /// host's) and rejects any other, so the labels here are placeholders it never uses.
    /// </summary>
    private static ConsumerRef Consumer(string? kind, string? id, string? displayName) =>
        new(new ConsumerKind(kind ?? string.Empty, kind ?? "-", kind ?? "-", ConsumerDeletionEffect.Unlinked), id ?? string.Empty, displayName);
}
