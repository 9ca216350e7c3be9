using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// The wire protocol, on Duende.IdentityModel: discovery, token requests and dynamic registration. Only RFC 9728 protected
/// resource metadata, which IdentityModel does not read, is read here (a bounded JSON document). Metadata is cached per
/// issuer for an hour; tokens never are.
/// </summary>
internal sealed partial class OAuthProtocol(IHttpClientFactory httpClientFactory, IOptions<OAuthOptions> options, TimeProvider time)
{
    private static readonly TimeSpan MetadataLifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (OAuthServerMetadata Metadata, DateTimeOffset FetchedAt)> _metadata = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _postBodyEndpoints = new(StringComparer.Ordinal);

    private HttpClient Client() => httpClientFactory.CreateClient(OAuthHttp.ClientName);

    /// <summary>Discovers an authorization server: RFC 8414 first, then OpenID discovery. Null when neither answers.</summary>
    public async Task<OAuthServerMetadata?> DiscoverAsync(string issuer, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_metadata.TryGetValue(issuer, out var cached) && now - cached.FetchedAt < MetadataLifetime)
        {
            return cached.Metadata;
        }

        using var client = Client();
        DiscoveryDocumentResponse? found = null;
        foreach (var (address, path) in DiscoveryCandidates(issuer))
        {
            var response = await client.GetDiscoveryDocumentAsync(
                new DiscoveryDocumentRequest
                {
                    Address = address,
                    Policy = new DiscoveryPolicy
                    {
                        // The issuer must be the one asked for (mix-up defence); endpoints may live on other hosts (many
                        // providers do), every connection to them is vetted by the destination guard anyway.
                        Authority = issuer,
                        DiscoveryDocumentPath = path,
                        ValidateIssuerName = true,
                        ValidateEndpoints = false,
                        RequireKeySet = false,
                        RequireHttps = true,
                        AllowHttpOnLoopback = true,
                    },
                },
                cancellationToken).ConfigureAwait(false);
            if (!response.IsError)
            {
                found = response;
                break;
            }

            if (OAuthHttp.IsRefusedDestination(response.Exception))
            {
                throw Refused("issuer", issuer);
            }
        }

        if (found is null)
        {
            return null;
        }

        var metadata = new OAuthServerMetadata(
            found.Issuer ?? issuer,
            found.AuthorizeEndpoint,
            found.TokenEndpoint,
            found.RegistrationEndpoint,
            found.TokenEndpointAuthenticationMethodsSupported?.ToArray() ?? []);
        _metadata[issuer] = (metadata, now);
        return metadata;
    }

    /// <summary>
    /// Where an issuer's metadata may be: RFC 8414 §3.1 inserts the well-known path between host and the issuer's path
    /// (<c>https://as.example.com/.well-known/oauth-authorization-server/tenant</c>); OpenID discovery appends it
    /// (<c>https://as.example.com/tenant/.well-known/openid-configuration</c>), and some servers insert that one too.
    /// </summary>
    internal static (string Address, string Path)[] DiscoveryCandidates(string issuer)
    {
        var uri = new Uri(issuer);
        var path = uri.AbsolutePath.TrimEnd('/');
        if (string.IsNullOrEmpty(path))
        {
            return [(issuer, ".well-known/oauth-authorization-server"), (issuer, ".well-known/openid-configuration")];
        }

        var origin = uri.GetLeftPart(UriPartial.Authority);
        return
        [
            (origin, ".well-known/oauth-authorization-server" + path),
            (issuer, ".well-known/openid-configuration"),
            (origin, ".well-known/openid-configuration" + path),
        ];
    }

    public Task<OAuthTokenResult> ExchangeCodeAsync(OAuth2 client, string tokenEndpoint, string code, string verifier, Uri redirectUri, CancellationToken cancellationToken) =>
        RequestTokenAsync(
            client,
            tokenEndpoint,
            () => new AuthorizationCodeTokenRequest { Address = tokenEndpoint, Code = code, CodeVerifier = verifier, RedirectUri = redirectUri.ToString() },
            (http, request) => http.RequestAuthorizationCodeTokenAsync((AuthorizationCodeTokenRequest)request, cancellationToken),
            cancellationToken);

    public Task<OAuthTokenResult> RefreshAsync(OAuth2 client, string tokenEndpoint, CancellationToken cancellationToken) =>
        RequestTokenAsync(
            client,
            tokenEndpoint,
            () => new RefreshTokenRequest { Address = tokenEndpoint, RefreshToken = client.RefreshToken! },
            (http, request) => http.RequestRefreshTokenAsync((RefreshTokenRequest)request, cancellationToken),
            cancellationToken);

    public Task<OAuthTokenResult> ClientCredentialsAsync(OAuth2 client, string tokenEndpoint, CancellationToken cancellationToken) =>
        RequestTokenAsync(
            client,
            tokenEndpoint,
            () => new ClientCredentialsTokenRequest { Address = tokenEndpoint, Scope = client.Scopes },
            (http, request) => http.RequestClientCredentialsTokenAsync((ClientCredentialsTokenRequest)request, cancellationToken),
            cancellationToken);

    /// <summary>
    /// Sends a token request with the client authentication the server takes: client_secret_basic (RFC 6749's default), or
    /// client_secret_post when the issuer's metadata offers only that, or when the server refused basic with
    /// <c>invalid_client</c> (some providers do; the code or refresh token is not consumed by a failed client
    /// authentication, so the one retry is safe). What worked is remembered per token endpoint.
    /// </summary>
    private async Task<OAuthTokenResult> RequestTokenAsync(
        OAuth2 client,
        string tokenEndpoint,
        Func<TokenRequest> build,
        Func<HttpClient, TokenRequest, Task<TokenResponse>> send,
        CancellationToken cancellationToken)
    {
        using var http = Client();
        var confidential = !string.IsNullOrEmpty(client.ClientSecret);
        var postBody = confidential && (_postBodyEndpoints.ContainsKey(tokenEndpoint) || await MetadataPrefersPostAsync(client, cancellationToken).ConfigureAwait(false));
        var result = await SendOnceAsync(postBody).ConfigureAwait(false);
        if (confidential && !postBody && result.Outcome == OAuthTokenOutcome.Refused && result.Error is "invalid_client" or "HTTP 401")
        {
            var retried = await SendOnceAsync(postBody: true).ConfigureAwait(false);
            if (retried.Outcome != OAuthTokenOutcome.Refused)
            {
                _postBodyEndpoints[tokenEndpoint] = true;
            }

            return retried;
        }

        return result;

        async Task<OAuthTokenResult> SendOnceAsync(bool postBody)
        {
            using var request = build();
            Authenticate(request, client, postBody);
            return Classify(await send(http, request).ConfigureAwait(false));
        }
    }

    private async Task<bool> MetadataPrefersPostAsync(OAuth2 client, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(client.Issuer))
        {
            return false;
        }

        OAuthServerMetadata? metadata;
        try
        {
            metadata = await DiscoverAsync(client.Issuer, cancellationToken).ConfigureAwait(false);
        }
        catch (CredentialValidationException)
        {
            return false;
        }

        var methods = metadata?.TokenEndpointAuthMethods ?? [];
        return methods.Count > 0 && !methods.Contains("client_secret_basic") && methods.Contains("client_secret_post");
    }

    /// <summary>Registers a client (RFC 7591) for the authorization-code flow with the host's redirect URI.</summary>
    public async Task<(string ClientId, string? ClientSecret)> RegisterAsync(string registrationEndpoint, string? scopes, CancellationToken cancellationToken)
    {
        using var http = Client();
        var settings = options.Value;
        var document = new DynamicClientRegistrationDocument
        {
            ClientName = settings.ClientName,
            Scope = scopes,
        };
        document.RedirectUris.Add(settings.RedirectUri!);
        document.GrantTypes.Add("authorization_code");
        document.GrantTypes.Add("refresh_token");
        document.ResponseTypes.Add("code");
        var response = await http.RegisterClientAsync(new DynamicClientRegistrationRequest { Address = registrationEndpoint, Document = document }, cancellationToken).ConfigureAwait(false);
        if (OAuthHttp.IsRefusedDestination(response.Exception))
        {
            throw Refused("resource_or_issuer", registrationEndpoint);
        }

        if (response.IsError || string.IsNullOrEmpty(response.ClientId))
        {
            throw new CredentialValidationException([new("resource_or_issuer", $"the authorization server refused the client registration ({SafeCode(response.Error) ?? "HTTP " + ((int)response.HttpStatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture)})")]);
        }

        return (response.ClientId, string.IsNullOrEmpty(response.ClientSecret) ? null : response.ClientSecret);
    }

    /// <summary>
    /// RFC 8707 resource on every token request when set; the client secret in the Authorization header or the body, and
    /// client_id alone in the body for a public client (PKCE only).
    /// </summary>
    private static void Authenticate(TokenRequest request, OAuth2 client, bool postBody)
    {
        request.ClientId = client.ClientId;
        if (string.IsNullOrEmpty(client.ClientSecret))
        {
            request.ClientCredentialStyle = ClientCredentialStyle.PostBody;
        }
        else
        {
            request.ClientSecret = client.ClientSecret;
            request.ClientCredentialStyle = postBody ? ClientCredentialStyle.PostBody : ClientCredentialStyle.AuthorizationHeader;
        }

        if (!string.IsNullOrEmpty(client.Resource))
        {
            var resources = request switch
            {
                AuthorizationCodeTokenRequest code => code.Resource,
                RefreshTokenRequest refresh => refresh.Resource,
                ClientCredentialsTokenRequest credentials => credentials.Resource,
                _ => null,
            };
            resources?.Add(client.Resource);
        }
    }

    private static OAuthTokenResult Classify(TokenResponse response)
    {
        if (!response.IsError && !string.IsNullOrEmpty(response.AccessToken))
        {
            return new(OAuthTokenOutcome.Success, response.AccessToken, response.RefreshToken, response.ExpiresIn, null);
        }

        if (OAuthHttp.IsRefusedDestination(response.Exception))
        {
            return new(OAuthTokenOutcome.Refused, null, null, 0, "destination refused: the token endpoint resolves to a non-public address");
        }

        var status = (int)response.HttpStatusCode;
        if (response.ErrorType == ResponseErrorType.Exception || status >= 500 || status == 429 || status == 408)
        {
            return new(OAuthTokenOutcome.Transient, null, null, 0, response.ErrorType == ResponseErrorType.Exception ? "no response" : "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var code = SafeCode(response.Error);
        return code == "invalid_grant"
            ? new(OAuthTokenOutcome.InvalidGrant, null, null, 0, code)
            : new(OAuthTokenOutcome.Refused, null, null, 0, code ?? "HTTP " + status.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>An OAuth error code as RFC 6749 §5.2 allows it (printable ASCII, short), else null: never free text.</summary>
    internal static string? SafeCode(string? error)
    {
        if (string.IsNullOrEmpty(error) || error.Length > 64)
        {
            return null;
        }

        foreach (var c in error)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
            {
                return null;
            }
        }

        return error;
    }

    internal static CredentialValidationException Refused(string field, string url) =>
        new([new(field, $"resolves to a loopback, private or link-local address ({new Uri(url).Host}); OAuth calls refuse those unless CredentialsOptions.AllowPrivateNetworkDestinations is set")]);
}
