using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Credentials;

/// <summary>
/// The named HttpClient of every OAuth call that carries a secret (discovery, token, registration): connections only to
/// vetted addresses (<see cref="OutboundDestinationGuard"/>, no proxy, no redirects), retries with exponential back-off and
/// jitter from Microsoft.Extensions.Http.Resilience, a timeout per attempt and one for the whole request.
/// </summary>
internal static class OAuthHttp
{
    public const string ClientName = "Credentials.OAuth";

    public static void Configure(IServiceCollection services)
    {
        services.AddHttpClient(ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp =>
            {
                var guard = new OutboundDestinationGuard(sp.GetRequiredService<IOptions<CredentialsOptions>>().Value.AllowPrivateNetworkDestinations);
                return new SocketsHttpHandler
                {
                    ConnectCallback = guard.ConnectCallbackAsync,
                    // Behind a proxy the callback would vet the proxy, not the server; a redirect could carry the secret elsewhere.
                    UseProxy = false,
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.None,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                };
            })
            .AddResilienceHandler("credentials-oauth", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<OAuthOptions>>().Value;
                pipeline.AddTimeout(options.RequestTimeout);
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = Math.Max(options.MaxRetryAttempts, 1),
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    Delay = options.RetryDelay,
                    ShouldHandle = args => ValueTask.FromResult(options.MaxRetryAttempts > 0 && ShouldRetry(args.Context, args.Outcome)),
                });
                pipeline.AddTimeout(options.AttemptTimeout);
            });
    }

    /// <summary>
    /// Idempotent requests (GET: discovery, resource metadata) retry every transient failure. A POST (token, registration)
    /// retries only when no connection was made: a request that reached the server may have used a rotating refresh token
    /// or a single-use code, and sending it again would be refused as reuse (and revoke the grant).
    /// </summary>
    internal static bool ShouldRetry(ResilienceContext context, Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Exception is { } exception && IsRefusedDestination(exception))
        {
            return false;
        }

        var method = context.GetRequestMessage()?.Method ?? outcome.Result?.RequestMessage?.Method;
        if (method == HttpMethod.Get)
        {
            return HttpClientResiliencePredicates.IsTransient(outcome);
        }

        return outcome.Exception is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };
    }

    internal static bool IsRefusedDestination(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is DestinationRefusedException)
            {
                return true;
            }
        }

        return false;
    }
}
