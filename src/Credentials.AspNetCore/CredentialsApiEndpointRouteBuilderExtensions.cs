using Credentials;
using Credentials.AspNetCore;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the Settings → Credentials web API.</summary>
public static class CredentialsApiEndpointRouteBuilderExtensions
{
    /// <summary>The tag of every endpoint of the API in an OpenAPI document.</summary>
    public const string OpenApiTag = "Credentials";

    /// <summary>
    /// Maps the credentials API under <paramref name="prefix"/>: templates, schemas, cards, create, read, the edit form,
    /// update (blank keeps; <c>If-Match</c>), the deletion impact, delete, recently deleted, recover and assignments.
    /// JSON with wire names; errors as RFC 9457 problem details; no response ever holds a secret. Call
    /// <c>services.AddCredentialsApi()</c> first.
    /// <para>
    /// When the host registered OAuth 2.0 connections (<c>services.AddCredentials().AddOAuth(...)</c>), it also maps
    /// <c>POST /{id}/connect</c>, <c>GET /oauth/callback</c>, <c>GET /{id}/connection</c> and <c>POST /mcp/register</c>;
    /// otherwise those routes do not exist. <c>OAuthOptions.RedirectUri</c> must be this group's
    /// <c>{prefix}/oauth/callback</c> as the browser reaches it. The callback is the one route that runs without
    /// <paramref name="contextResolver"/>: the browser arrives there from the authorization server, and the single-use state
    /// (bound when the flow began to the organization, the user and the credential) is what ties it to the user who began it.
    /// The group's authorization applies to it as to every route, so whatever secures the group must let that browser
    /// request through: a cookie sign-in with <c>SameSite=Lax</c> does, a policy that needs an <c>Authorization</c> header or a
    /// <c>SameSite=Strict</c> cookie breaks the redirect (for those, set <c>CredentialsApiOptions.AllowAnonymousOAuthCallback</c>).
    /// </para>
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">The route prefix, such as <c>/api/credentials</c>.</param>
    /// <param name="contextResolver">
    /// Says who a request acts for (from its user's claims, a route value, ...): the organization, and the signed-in user
    /// when there is one. Every operation runs in that <see cref="CredentialContext"/>: without a user it is the
    /// organization's administrator (every credential; listings show the shared ones unless <c>includeAllUsers</c>); with a
    /// user, the organization's shared credentials and that user's own, another user's answering 404. Return
    /// <c>default</c> to refuse the request (403). Runs after the host's authentication; what it throws goes to the host's
    /// exception handling.
    /// </param>
    /// <returns>The route group, for the host to secure (<c>.RequireAuthorization(...)</c>) or to add metadata to.</returns>
    /// <exception cref="InvalidOperationException"><c>AddCredentialsApi()</c> was not called.</exception>
    public static RouteGroupBuilder MapCredentialsApi(this IEndpointRouteBuilder endpoints, string prefix, Func<HttpContext, CredentialContext> contextResolver)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(prefix);
        ArgumentNullException.ThrowIfNull(contextResolver);
        var json = endpoints.ServiceProvider.GetService<IOptions<JsonOptions>>()?.Value.SerializerOptions;
        if (json is null || !json.TypeInfoResolverChain.Contains(CredentialsApiJsonContext.Default))
        {
            throw new InvalidOperationException("MapCredentialsApi needs services.AddCredentialsApi() (after services.AddCredentials()) in the host's service registrations.");
        }

        var group = endpoints.MapGroup(prefix);
        group.AddEndpointFilter(new CredentialsApiFilter(contextResolver));
        group.WithTags(OpenApiTag);
        CredentialsApiRoutes.Map(group);
        return group;
    }

    /// <summary>
    /// Maps the credentials API for hosts without per-user credentials: every request acts as the organization itself
    /// (its administrator), as <see cref="MapCredentialsApi(IEndpointRouteBuilder, string, Func{HttpContext, CredentialContext})"/>
    /// does with a context that names no user.
    /// </summary>
    /// <param name="endpoints">The application's endpoints.</param>
    /// <param name="prefix">The route prefix, such as <c>/api/credentials</c>.</param>
    /// <param name="organizationResolver">Says which organization a request acts for; <c>default</c> refuses it (403).</param>
    /// <returns>The route group, for the host to secure or to add metadata to.</returns>
    /// <exception cref="InvalidOperationException"><c>AddCredentialsApi()</c> was not called.</exception>
    public static RouteGroupBuilder MapCredentialsApi(this IEndpointRouteBuilder endpoints, string prefix, Func<HttpContext, OrganizationId> organizationResolver)
    {
        ArgumentNullException.ThrowIfNull(organizationResolver);
        return endpoints.MapCredentialsApi(prefix, http => new CredentialContext(organizationResolver(http)));
    }
}
