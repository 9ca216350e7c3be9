using System.Security.Cryptography;
using System.Text;
using Credentials.Storage;
using Duende.IdentityModel;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Authorization code with PKCE (S256) for OAuth 2.0 credentials, their connection state, and dynamic registration of MCP
/// clients. The flow data lives in the store under a hash of the state (any instance completes it), the verifier sealed.
/// </summary>
internal sealed class CredentialConnections : ICredentialConnections
{
    private const int MaxStateLength = 512;
    private const int MaxCodeLength = 4096;

    private readonly OAuthVault _vault;
    private readonly OAuthProtocol _protocol;
    private readonly OAuthOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public CredentialConnections(OAuthVault vault, OAuthProtocol protocol, IOptions<OAuthOptions> options, TimeProvider time, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _vault = vault;
        _protocol = protocol;
        _options = options.Value;
        _time = time;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger("Credentials.OAuth");
    }

    public Task<OAuthAuthorization> BeginAsync(CredentialContext context, CredentialId credential, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.oauth.begin", context, () => BeginCoreAsync(context, credential, cancellationToken), credential.Value);

    public Task<CredentialView> CompleteAsync(OAuthCallback callback, CancellationToken cancellationToken = default) =>
        Traced.RunStoreAsync("credentials.oauth.complete", () => CompleteCoreAsync(callback, cancellationToken));

    public Task<ConnectionStatus> GetStatusAsync(CredentialContext context, CredentialId credential, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.oauth.status", context, () => GetStatusCoreAsync(context, credential, cancellationToken), credential.Value);

    public Task<CredentialView> RegisterClientAsync(CredentialContext context, OAuthClientRegistration registration, CancellationToken cancellationToken = default) =>
        Traced.RunAsync("credentials.oauth.register_client", context, () => RegisterClientCoreAsync(context, registration, cancellationToken));

    private async Task<OAuthAuthorization> BeginCoreAsync(CredentialContext context, CredentialId credential, CancellationToken cancellationToken)
    {
        var org = context.Organization.Checked("context");
        var (record, secret) = await _vault.ReadAsync(org, credential, cancellationToken).ConfigureAwait(false);
        OAuthOwnership.EnsureMayConnect(context, record);
        if (secret.GrantType == OAuth2GrantType.ClientCredentials)
        {
            throw new CredentialValidationException([new("grant_type", "is client_credentials: such a client needs no authorization, resolving it mints a token")]);
        }

        var authorizationEndpoint = secret.AuthorizationEndpoint
            ?? (secret.Issuer is { Length: > 0 } issuer ? (await DiscoverAsync(issuer, cancellationToken).ConfigureAwait(false)).AuthorizationEndpoint : null)
            ?? throw new CredentialValidationException([new("authorization_endpoint", "is required to connect (or set issuer, whose metadata names it)")]);

        // 32 random bytes each, base64url: 43 characters of [A-Za-z0-9_-], within RFC 7636's verifier alphabet (no '~').
        var state = CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url);
        var verifier = CryptoRandom.CreateUniqueId(32, CryptoRandom.OutputFormat.Base64Url);
        var challenge = System.Buffers.Text.Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        var stateHash = OAuthVault.HashState(state);
        var now = CredentialRecords.Now(_time);
        var expiresAt = now + _options.StateLifetime;
        var (keyId, sealedVerifier) = _vault.SealVerifier(org, credential.Value, context.UserId, stateHash, verifier);

        await _vault.Storage.PurgeExpiredOAuthFlowsAsync(now, cancellationToken).ConfigureAwait(false);
        var flow = new OAuthFlowRecord(stateHash, org, context.UserId, credential.Value, now, expiresAt, keyId, sealedVerifier);
        if (!await _vault.Storage.TryAddOAuthFlowAsync(flow, cancellationToken).ConfigureAwait(false))
        {
            throw new CredentialException("A random OAuth state collided with a stored one; begin again.");
        }

        var extra = new Parameters();
        if (!string.IsNullOrEmpty(secret.Resource))
        {
            extra.Add("resource", secret.Resource);
        }

        var url = new RequestUrl(authorizationEndpoint).CreateAuthorizeUrl(
            clientId: secret.ClientId,
            responseType: OidcConstants.ResponseTypes.Code,
            scope: secret.Scopes,
            redirectUri: _options.RedirectUri!.ToString(),
            state: state,
            codeChallenge: challenge,
            codeChallengeMethod: OidcConstants.CodeChallengeMethods.Sha256,
            extra: extra);
        OAuthLog.FlowBegun(_logger, org, credential, expiresAt);
        return new OAuthAuthorization(new Uri(url), expiresAt);
    }

    private async Task<CredentialView> CompleteCoreAsync(OAuthCallback callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (string.IsNullOrEmpty(callback.State) || callback.State.Length > MaxStateLength)
        {
            throw Refuse("state", "is missing or not a state this vault issued; begin the connection again", "missing or malformed state");
        }

        // Taken first, whatever the callback says: a state is good for one answer, an error included.
        var flow = await _vault.Storage.TakeOAuthFlowAsync(OAuthVault.HashState(callback.State), _time.GetUtcNow(), cancellationToken).ConfigureAwait(false)
            ?? throw Refuse("state", "is unknown, expired or already used; begin the connection again", "unknown, expired or used state");

        if (callback.Error is not null)
        {
            var error = OAuthProtocol.SafeCode(callback.Error) ?? "an error";
            throw Refuse("code", $"was not issued: the authorization server answered {error}; nothing was stored", "the authorization server answered " + error);
        }

        if (string.IsNullOrEmpty(callback.Code) || callback.Code.Length > MaxCodeLength)
        {
            throw Refuse("code", "is missing; begin the connection again", "no code");
        }

        var verifier = await _vault.OpenVerifierAsync(flow, cancellationToken).ConfigureAwait(false);
        var credentialId = new CredentialId(flow.CredentialId);
        var (record, secret) = await _vault.ReadAsync(flow.OrganizationId, credentialId, cancellationToken).ConfigureAwait(false);
        OAuthOwnership.EnsureFlowTarget(flow, record);

        var tokenEndpoint = secret.TokenEndpoint
            ?? (secret.Issuer is { Length: > 0 } issuer ? (await DiscoverAsync(issuer, cancellationToken).ConfigureAwait(false)).TokenEndpoint : null)
            ?? throw new CredentialValidationException([new("token_endpoint", "is required to connect (or set issuer, whose metadata names it)")]);
        var result = await _protocol.ExchangeCodeAsync(secret, tokenEndpoint, callback.Code, verifier, _options.RedirectUri!, cancellationToken).ConfigureAwait(false);
        switch (result.Outcome)
        {
            case OAuthTokenOutcome.Success:
                break;
            case OAuthTokenOutcome.InvalidGrant:
                throw Refuse("code", "was refused by the authorization server (invalid_grant: expired, used, or issued to another client); begin the connection again", "invalid_grant");
            case OAuthTokenOutcome.Transient:
                throw new CredentialException($"The token endpoint of '{record.Metadata.Key}' did not answer ({result.Error}); begin the connection again.");
            default:
                throw Refuse("code", $"could not be exchanged: the token endpoint answered {result.Error}", result.Error ?? "refused");
        }

        if (_options.BeforeTokenWrite is { } beforeWrite)
        {
            await beforeWrite(cancellationToken).ConfigureAwait(false);
        }

        CredentialView view;
        try
        {
            view = await _vault.WriteAsync(
                flow.OrganizationId,
                flow.CredentialId,
                stored => OAuthTokenMath.SameClient(stored, secret)
                    ? OAuthTokenMath.Apply(stored, result, _time.GetUtcNow())
                    : throw new OAuthTokensSupersededException(),
                cancellationToken,
                connectedBy: (flow.UserId, true)).ConfigureAwait(false);
        }
        catch (OAuthTokensSupersededException ex)
        {
            throw new CredentialConcurrencyException($"The credential '{record.Metadata.Key}' changed its client while it was being connected; begin the connection again.", ex);
        }

        await _vault.Storage.DeleteOAuthConnectionAsync(flow.OrganizationId, flow.CredentialId, cancellationToken).ConfigureAwait(false);
        OAuthLog.Connected(_logger, flow.OrganizationId, credentialId, view.Key, result.ExpiresIn > 0 ? _time.GetUtcNow().AddSeconds(result.ExpiresIn) : null);
        return view;
    }

    private async Task<ConnectionStatus> GetStatusCoreAsync(CredentialContext context, CredentialId credential, CancellationToken cancellationToken)
    {
        var org = context.Organization.Checked("context");
        var (record, secret) = await _vault.ReadAsync(org, credential, cancellationToken).ConfigureAwait(false);
        OAuthOwnership.EnsureMayConnect(context, record);
        var marked = await _vault.Storage.GetOAuthConnectionAsync(org, credential.Value, cancellationToken).ConfigureAwait(false);
        var now = _time.GetUtcNow();
        var state = OAuthTokenRefresher.IsNeedsReconnect(marked, record) ? ConnectionState.NeedsReconnect
            : secret.GrantType == OAuth2GrantType.ClientCredentials ? ConnectionState.Connected
            : secret.AccessToken is null && secret.RefreshToken is null ? ConnectionState.NotConnected
            : secret.RefreshToken is null && !OAuthTokenMath.IsUsable(secret, now) ? ConnectionState.NeedsReconnect
            : ConnectionState.Connected;
        return new ConnectionStatus(state, secret.ExpiresAt, secret.Scopes);
    }

    private async Task<CredentialView> RegisterClientCoreAsync(CredentialContext context, OAuthClientRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        ArgumentNullException.ThrowIfNull(registration.ResourceOrIssuer);
        context.Organization.Checked("context");
        OAuthOwnership.EnsureMayRegister(context, registration.OwnerUserId);

        // Name and key first: a registration refused after the provider issued a client would leave that client behind.
        var errors = new List<CredentialValidationError>();
        CredentialValidator.ValidateName(registration.Name, errors);
        CredentialValidator.ValidateKey(registration.Key, errors);
        CredentialValidator.ThrowIfAny(errors);
        var url = registration.ResourceOrIssuer;
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)) || !string.IsNullOrEmpty(url.UserInfo))
        {
            throw new CredentialValidationException([new("resource_or_issuer", "must be an absolute https URL (http only for localhost, 127.0.0.1 or ::1) without user name or password")]);
        }

        // RFC 9728 at the resource; a URL without such metadata is taken as the issuer itself.
        var resourceMetadata = await _protocol.GetProtectedResourceAsync(url, cancellationToken).ConfigureAwait(false);
        string issuer;
        string? resource = null;
        var scopes = registration.Scopes;
        if (resourceMetadata is not null)
        {
            issuer = resourceMetadata.AuthorizationServers.FirstOrDefault()
                ?? throw new CredentialValidationException([new("resource_or_issuer", "publishes protected resource metadata without authorization_servers")]);
            resource = resourceMetadata.Resource;
            if (scopes is null && resourceMetadata.ScopesSupported.Count > 0)
            {
                scopes = string.Join(' ', resourceMetadata.ScopesSupported);
            }
        }
        else
        {
            issuer = url.ToString().TrimEnd('/');
        }

        var server = await DiscoverAsync(issuer, cancellationToken).ConfigureAwait(false);
        if (server.RegistrationEndpoint is null)
        {
            throw new CredentialValidationException([new("resource_or_issuer", "names an authorization server that offers no dynamic client registration (RFC 7591); create the client there and paste its id and secret")]);
        }

        var (clientId, clientSecret) = await _protocol.RegisterAsync(server.RegistrationEndpoint, scopes, cancellationToken).ConfigureAwait(false);
        var secret = new OAuth2(clientId, clientSecret ?? string.Empty)
        {
            Issuer = server.Issuer,
            AuthorizationEndpoint = server.AuthorizationEndpoint,
            TokenEndpoint = server.TokenEndpoint,
            Scopes = scopes,
            Resource = resource,
        };
        var credential = new NewCredential(registration.Name, registration.Key, CredentialCategory.McpService, secret) { OwnerUserId = registration.OwnerUserId };
        var view = await _vault.CreateAsync(context, credential, cancellationToken).ConfigureAwait(false);
        OAuthLog.ClientRegistered(_logger, context.Organization.Value, view.Id, view.Key, server.Issuer);
        return view;
    }

    private async Task<OAuthServerMetadata> DiscoverAsync(string issuer, CancellationToken cancellationToken) =>
        await _protocol.DiscoverAsync(issuer, cancellationToken).ConfigureAwait(false)
            ?? throw new CredentialValidationException([new("issuer", "publishes no authorization server metadata (RFC 8414 or OpenID discovery) that could be read")]);

    private CredentialValidationException Refuse(string field, string message, string reason)
    {
        OAuthLog.CallbackRefused(_logger, reason);
        return new CredentialValidationException([new(field, message)]);
    }
}
