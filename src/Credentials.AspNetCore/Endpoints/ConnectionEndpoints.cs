using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Credentials.AspNetCore;

/// <summary>
/// OAuth 2.0 connections (<see cref="ICredentialConnections"/>, mapped only when the host called <c>AddOAuth()</c>):
/// POST /{id}/connect, GET /oauth/callback, GET /{id}/connection and POST /mcp/register.
/// </summary>
internal static class ConnectionEndpoints
{
    /// <summary>The query parameter the callback adds to the return URL when a connection completed: the credential's id.</summary>
    public const string ConnectedParameter = "connected";

    /// <summary>The query parameter the callback adds to the return URL when a connection failed: one of the codes below.</summary>
    public const string ConnectErrorParameter = "connectError";

    /// <summary>The state is unknown, already used or expired (or missing): begin again.</summary>
    public const string InvalidState = "invalid_state";

    /// <summary>The redirect had no code, or the token endpoint refused it (invalid_grant, another client's code).</summary>
    public const string InvalidCode = "invalid_code";

    /// <summary>The authorization server sent an error this API does not pass on by name.</summary>
    public const string AuthorizationFailed = "authorization_failed";

    /// <summary>The credential was deleted (or its client changed) while the user was at the authorization server.</summary>
    public const string CredentialChanged = "credential_changed";

    /// <summary>Anything else: the token endpoint did not answer, the credential lacks a token endpoint, a server-side failure.</summary>
    public const string ConnectionFailed = "connection_failed";

    /// <summary>
    /// The authorization server's own error codes (RFC 6749 §4.1.2.1, OpenID Connect Core §3.1.2.6) that the callback passes
    /// on by name; any other value becomes <see cref="AuthorizationFailed"/>, so the return URL never carries the server's text.
    /// </summary>
    private static readonly HashSet<string> AuthorizationServerErrors = new(StringComparer.Ordinal)
    {
        "access_denied", "invalid_request", "unauthorized_client", "unsupported_response_type", "invalid_scope",
        "server_error", "temporarily_unavailable", "interaction_required", "login_required", "account_selection_required",
        "consent_required", "invalid_target",
    };

    public static async Task<IResult> Connect(HttpContext http, string id, [FromServices] ICredentialConnections connections)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        var authorization = await connections.BeginAsync(scope.Context, credentialId, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(
            new OAuthAuthorizationResponse(authorization.AuthorizationUrl.AbsoluteUri, authorization.ExpiresAt),
            CredentialsApiJsonContext.Default.OAuthAuthorizationResponse);
    }

    public static async Task<IResult> Status(HttpContext http, string id, [FromServices] ICredentialConnections connections)
    {
        var scope = ApiScopeFeature.Of(http);
        if (!CredentialId.TryParse(id, out var credentialId))
        {
            return CredentialProblems.NotFound();
        }

        var status = await connections.GetStatusAsync(scope.Context, credentialId, http.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(
            new ConnectionStatusResponse(StateName(status.State), status.ExpiresAt, status.Scopes),
            CredentialsApiJsonContext.Default.ConnectionStatusResponse);
    }

    /// <summary>
    /// The authorization server's redirect. Runs without the host's context resolver (a browser arriving from another site
    /// may carry no credentials of this application): the single-use state, which the vault bound to the organization, the
    /// user and the credential when the flow began, is what says whose credential the tokens go to. Always answers a redirect
    /// to the return URL with a non-secret outcome; the code, the state and the server's description go nowhere.
    /// </summary>
    public static async Task<IResult> Callback(
        HttpContext http,
        [FromServices] ICredentialConnections connections,
        [FromServices] IOptions<CredentialsApiOptions> options,
        [FromQuery] string? state,
        [FromQuery] string? code,
        [FromQuery] string? error,
        [FromQuery(Name = "error_description")] string? errorDescription)
    {
        // The callback's own URL holds the code and the state: never send it on as a Referer.
        http.Response.Headers["Referrer-Policy"] = "no-referrer";
        error = string.IsNullOrEmpty(error) ? null : error;
        string parameter;
        string value;
        try
        {
            var view = await connections.CompleteAsync(
                new OAuthCallback(state ?? string.Empty, string.IsNullOrEmpty(code) ? null : code, error, string.IsNullOrEmpty(errorDescription) ? null : errorDescription),
                http.RequestAborted).ConfigureAwait(false);
            parameter = ConnectedParameter;
            value = view.Id.ToString();
        }
        catch (CredentialException ex)
        {
            CredentialsApiFilter.LogFailure(http, ex);
            parameter = ConnectErrorParameter;
            value = ErrorCode(ex, error);
        }

        return TypedResults.Redirect(ReturnUrl(http, options.Value.OAuthReturnUrl, parameter, value));
    }

    public static async Task<IResult> Register(HttpContext http, [FromServices] ICredentialConnections connections)
    {
        var scope = ApiScopeFeature.Of(http);
        var (body, problem) = await JsonBody.ReadAsync(http.Request, CredentialsApiJsonContext.Default.RegisterMcpClientRequest, http.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        // Checked before anything is sent: a registration made at the authorization server cannot be taken back from here.
        var errors = new List<CredentialValidationError>();
        var ownership = CredentialEndpoints.Ownership(body!.Ownership, scope, errors);
        if (string.IsNullOrWhiteSpace(body.Name))
        {
            errors.Add(new("name", "is required"));
        }

        if (string.IsNullOrWhiteSpace(body.Key))
        {
            errors.Add(new("key", "is required"));
        }

        Uri? resource = null;
        if (string.IsNullOrWhiteSpace(body.ResourceOrIssuer))
        {
            errors.Add(new("resource_or_issuer", "is required: the MCP server's URL, or its authorization server's issuer URL"));
        }
        else if (!Uri.TryCreate(body.ResourceOrIssuer.Trim(), UriKind.Absolute, out resource)
            || (resource.Scheme != Uri.UriSchemeHttps && resource.Scheme != Uri.UriSchemeHttp))
        {
            errors.Add(new("resource_or_issuer", "must be an absolute https URL (http only for localhost, 127.0.0.1 or ::1)"));
        }

        if (errors.Count > 0)
        {
            return CredentialProblems.Validation(errors);
        }

        var registration = new OAuthClientRegistration(body.Name!, body.Key!, resource!)
        {
            Scopes = string.IsNullOrWhiteSpace(body.Scopes) ? null : body.Scopes.Trim(),
            OwnerUserId = ownership == CredentialOwnership.User ? scope.UserId : null,
        };
        var view = await connections.RegisterClientAsync(scope.Context, registration, http.RequestAborted).ConfigureAwait(false);
        ETags.Set(http.Response, view.Version);
        http.Response.Headers.Location = CardLocation(http, view.Id);
        return TypedResults.Json(ResponseMapper.Card(view, usedBy: 0), CredentialsApiJsonContext.Default.CredentialResponse, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The new card's URL: <c>{prefix}/{id}</c>, from this request's <c>{prefix}/mcp/register</c>.</summary>
    private static string CardLocation(HttpContext http, CredentialId id)
    {
        const string Suffix = "/mcp/register";
        var path = http.Request.PathBase.Add(http.Request.Path).Value ?? string.Empty;
        var prefix = path.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) ? path[..^Suffix.Length] : path;
        return prefix.TrimEnd('/') + "/" + id;
    }

    public static string StateName(ConnectionState state) => state switch
    {
        ConnectionState.Connected => "connected",
        ConnectionState.NeedsReconnect => "needs_reconnect",
        _ => "not_connected",
    };

    /// <summary>The outcome code of a failed callback: a fixed vocabulary, never text from the request or an exception.</summary>
    internal static string ErrorCode(CredentialException exception, string? serverError) => exception switch
    {
        CredentialValidationException v when v.Errors.Any(e => e.Field == "state") => InvalidState,
        CredentialValidationException v when v.Errors.Any(e => e.Field == "code") => serverError is null
            ? InvalidCode
            : AuthorizationServerErrors.Contains(serverError) ? serverError : AuthorizationFailed,
        CredentialNotFoundException or CredentialConcurrencyException => CredentialChanged,
        _ => ConnectionFailed,
    };

    /// <summary>The configured return URL with one query parameter added (before any fragment).</summary>
    internal static string ReturnUrl(HttpContext http, string configured, string parameter, string value)
    {
        var url = configured.StartsWith("~/", StringComparison.Ordinal)
            ? http.Request.PathBase.ToUriComponent() + configured[1..]
            : configured;
        var hash = url.IndexOf('#', StringComparison.Ordinal);
        var fragment = hash >= 0 ? url[hash..] : string.Empty;
        var head = hash >= 0 ? url[..hash] : url;
        var separator = !head.Contains('?', StringComparison.Ordinal) ? "?" : head.EndsWith('?') || head.EndsWith('&') ? string.Empty : "&";
        return head + separator + parameter + "=" + Uri.EscapeDataString(value) + fragment;
    }
}
