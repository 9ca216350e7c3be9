using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credentials.AspNetCore;

/// <summary>The route table (API.md, "Web API"), with the OpenAPI description of each route.</summary>
internal static class CredentialsApiRoutes
{
    private const string Json = "application/json";
    private const string ProblemJson = "application/problem+json";

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/templates", CatalogEndpoints.Templates)
            .WithName("ListCredentialTemplates")
            .WithSummary("The template catalog")
            .WithDescription("Curated templates (OpenAI, Anthropic, GitHub, ...). ?q= searches id, service, name, key and description; ?category= filters by category wire name.")
            .Produces<IReadOnlyList<CredentialTemplateResponse>>(StatusCodes.Status200OK, Json)
            .ProducesValidationProblem(StatusCodes.Status400BadRequest);

        group.MapGet("/schemas", CatalogEndpoints.Schemas)
            .WithName("ListCredentialSchemas")
            .WithSummary("Every credential type's form")
            .WithDescription("For each type, its fields in form order: wire name, label, input kind, required, secret, destination, options and default.")
            .Produces<IReadOnlyList<CredentialSchemaResponse>>(StatusCodes.Status200OK, Json);

        group.MapGet("/", CredentialEndpoints.List)
            .WithName("ListCredentials")
            .WithSummary("Credential cards")
            .WithDescription("A page of cards ordered by key, with masked summaries, owners and how many consumers use each. By default the organization's shared credentials; ?ownerUserId= lists that user's own (a user may name only themselves); ?includeAllUsers=true lists every credential, shared and personal (the organization's own context only). Filters: ?category=&type=&q=; paging: ?pageSize=&continuationToken=.")
            .Produces<CredentialPageResponse>(StatusCodes.Status200OK, Json)
            .ProducesValidationProblem(StatusCodes.Status400BadRequest)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapPost("/", CredentialEndpoints.Create)
            .WithName("CreateCredential")
            .WithSummary("Create a credential")
            .WithDescription("Custom: name, key, category, type and fields by wire name. From a template: templateId and fields (the template gives key, category and type; name defaults to the template's; blank fields take its pre-filled values). ownership: organization (default, shared) or user (the requesting user's own). Answers the card with ETag \"<version>\".")
            .Accepts<CreateCredentialRequest>(Json)
            .Produces<CredentialResponse>(StatusCodes.Status201Created, Json)
            .ProducesProblem(StatusCodes.Status400BadRequest, ProblemJson)
            .ProducesProblem(StatusCodes.Status409Conflict, ProblemJson)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge, ProblemJson)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType, ProblemJson)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/deleted", DeletionEndpoints.ListDeleted)
            .WithName("ListDeletedCredentials")
            .WithSummary("Recently deleted credentials")
            .WithDescription("Deleted credentials that can still be recovered, with when they will be purged.")
            .Produces<IReadOnlyList<DeletedCredentialResponse>>(StatusCodes.Status200OK, Json);

        group.MapPost("/deleted/{id}/recover", DeletionEndpoints.Recover)
            .WithName("RecoverCredential")
            .WithSummary("Recover a deleted credential")
            .WithDescription("Makes it active again with its id, key, values and assignments. 409 when another credential has its key now.")
            .Produces<CredentialResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson)
            .ProducesProblem(StatusCodes.Status409Conflict, ProblemJson)
            .ProducesProblem(StatusCodes.Status424FailedDependency, ProblemJson);

        group.MapGet("/{id}", CredentialEndpoints.Get)
            .WithName("GetCredential")
            .WithSummary("One credential's card")
            .WithDescription("The card with ETag \"<version>\". Another user's personal credential is 404, as if it did not exist.")
            .Produces<CredentialResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson);

        group.MapGet("/{id}/edit", CredentialEndpoints.Edit)
            .WithName("GetCredentialEditForm")
            .WithSummary("The edit form")
            .WithDescription("Non-secret values pre-filled; secret fields empty with hasStoredValue. ETag \"<version>\".")
            .Produces<CredentialEditFormResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson)
            .ProducesProblem(StatusCodes.Status500InternalServerError, ProblemJson);

        group.MapPut("/{id}", CredentialEndpoints.Update)
            .WithName("UpdateCredential")
            .WithSummary("Update a credential")
            .WithDescription("Absent fields keep their values; a blank secret field keeps the stored secret, unless a destination field (isDestination) changes: then every stored secret must be given again (422 on each one left blank). Send the version as If-Match: \"<version>\" or expectedVersion; a stale one answers 412.")
            .Accepts<UpdateCredentialRequest>(Json)
            .Produces<CredentialResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status400BadRequest, ProblemJson)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson)
            .ProducesProblem(StatusCodes.Status409Conflict, ProblemJson)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed, ProblemJson)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapGet("/{id}/impact", DeletionEndpoints.Impact)
            .WithName("PreviewCredentialDeletion")
            .WithSummary("What deleting the credential would do")
            .WithDescription("Every consumer with its effect and the confirmation's summary, such as \"2 LLM configs unlinked, 1 skill updated\".")
            .Produces<DeletionImpactResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson);

        group.MapDelete("/{id}", DeletionEndpoints.Delete)
            .WithName("DeleteCredential")
            .WithSummary("Delete a credential")
            .WithDescription("Soft delete: it stops resolving at once and can be recovered until its retention ends. Answers the impact that was applied.")
            .Produces<DeletionImpactResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson)
            .ProducesProblem(StatusCodes.Status424FailedDependency, ProblemJson);

        group.MapGet("/{id}/consumers", ConsumerEndpoints.List)
            .WithName("ListCredentialConsumers")
            .WithSummary("The consumers a credential is assigned to")
            .Produces<IReadOnlyList<ConsumerResponse>>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson);

        group.MapPost("/{id}/consumers", ConsumerEndpoints.Assign)
            .WithName("AssignCredential")
            .WithSummary("Assign the credential to a consumer")
            .WithDescription("Body: kind (a registered consumer kind), id and displayName. Answers the consumers after the change.")
            .Accepts<AssignConsumerRequest>(Json)
            .Produces<IReadOnlyList<ConsumerResponse>>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        group.MapDelete("/{id}/consumers", ConsumerEndpoints.Unassign)
            .WithName("UnassignCredential")
            .WithSummary("Unassign the credential from a consumer")
            .WithDescription("Query: ?kind=&consumerId=. Answers the consumers after the change; 404 when it was not assigned.")
            .Produces<IReadOnlyList<ConsumerResponse>>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        // OAuth 2.0 (API.md, "Web API"; Credentials.OAuth): only when the host registered ICredentialConnections (AddOAuth()).
        // Without it these routes are not mapped at all (a plain 404 from routing, and absent from the OpenAPI document),
        // rather than mapped to answer 404: what the host did not turn on is not part of its API.
        if (((IEndpointRouteBuilder)group).ServiceProvider.GetService<IServiceProviderIsService>()?.IsService(typeof(ICredentialConnections)) == true)
        {
            MapConnections(group);
        }
    }

    private static void MapConnections(RouteGroupBuilder group)
    {
        group.MapPost("/{id}/connect", ConnectionEndpoints.Connect)
            .WithName("ConnectCredential")
            .WithSummary("Begin connecting an OAuth 2.0 credential")
            .WithDescription("Authorization code with PKCE (S256): answers the authorization server's URL (with a random, single-use state bound to the organization, the requesting user and the credential) and when that state expires. Navigate the user's browser to authorizationUrl; the server sends it back to GET /oauth/callback. Also reconnects a credential that needs it. 409 type-mismatch for a credential that is not OAuth 2.0; 422 for one that cannot be connected (client_credentials, no authorization endpoint).")
            .Produces<OAuthAuthorizationResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson)
            .ProducesProblem(StatusCodes.Status409Conflict, ProblemJson)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);

        var callback = group.MapGet("/oauth/callback", ConnectionEndpoints.Callback);
        if (((IEndpointRouteBuilder)group).ServiceProvider.GetService<IOptions<CredentialsApiOptions>>()?.Value.AllowAnonymousOAuthCallback == true)
        {
            callback.AllowAnonymous();
        }

        callback
            .WithMetadata(CredentialsApiFilter.ContextFreeMetadata.Instance)
            .WithName("CompleteCredentialConnection")
            .WithSummary("The OAuth 2.0 redirect URI (for the browser)")
            .WithDescription("Where the authorization server sends the user's browser (register {prefix}/oauth/callback as the client's redirect URI and set it as OAuthOptions.RedirectUri). Takes the single-use state (which says whose credential it is: the host's context resolver does not run here, so a browser without an Authorization header works), exchanges the code and stores the tokens sealed. Always answers 302 to the configured return URL (CredentialsApiOptions.OAuthReturnUrl, default the application's root) with ?connected=<id>, or ?connectError=<code> (invalid_state, invalid_code, credential_changed, connection_failed, the server's own access_denied, invalid_scope, ... or authorization_failed); code and state are never passed on. A reused, unknown or expired state stores nothing.")
            .Produces(StatusCodes.Status302Found);

        group.MapGet("/{id}/connection", ConnectionEndpoints.Status)
            .WithName("GetCredentialConnection")
            .WithSummary("An OAuth 2.0 credential's connection state")
            .WithDescription("state: not_connected, connected or needs_reconnect (the server refused the grant: connect again); expiresAt of the current access token; the scopes asked for. Never a token.")
            .Produces<ConnectionStatusResponse>(StatusCodes.Status200OK, Json)
            .ProducesProblem(StatusCodes.Status404NotFound, ProblemJson)
            .ProducesProblem(StatusCodes.Status409Conflict, ProblemJson);

        group.MapPost("/mcp/register", ConnectionEndpoints.Register)
            .WithName("RegisterMcpClient")
            .WithSummary("Register an OAuth 2.0 client at an MCP server")
            .WithDescription("Body: name, key, resourceOrIssuer (the MCP server's URL, or its authorization server's issuer), scopes, ownership (organization or user). Reads the server's protected resource metadata (RFC 9728), discovers its authorization server (RFC 8414, OpenID), registers a client (RFC 7591) and stores it as an OAuth 2.0 credential in category mcp_service, ready for POST /{id}/connect. Answers the card with ETag \"<version>\". 422 when the URL is not allowed or the server offers no discovery or registration; 409 when the key is taken.")
            .Accepts<RegisterMcpClientRequest>(Json)
            .Produces<CredentialResponse>(StatusCodes.Status201Created, Json)
            .ProducesProblem(StatusCodes.Status400BadRequest, ProblemJson)
            .ProducesProblem(StatusCodes.Status409Conflict, ProblemJson)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge, ProblemJson)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType, ProblemJson)
            .ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity);
    }
}
