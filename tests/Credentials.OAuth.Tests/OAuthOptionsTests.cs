using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Credentials.OAuth.Tests;

/// <summary>Misconfiguration fails at start-up with a message that says what to set.</summary>
public sealed class OAuthOptionsTests
{
    [Fact]
    public async Task Start_WithoutRedirectUri_FailsSayingWhatToSet()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddCredentials().UseInMemoryStorage().UseMasterKey(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray()).AddOAuth();
        using var host = builder.Build();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("RedirectUri", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LeaseShorterThanRequest_Fails()
    {
        var result = new OAuthOptionsValidator().Validate(null, new OAuthOptions
        {
            RedirectUri = new Uri("https://app.example.com/cb"),
            RequestTimeout = TimeSpan.FromSeconds(30),
            LeaseDuration = TimeSpan.FromSeconds(10),
        });

        Assert.True(result.Failed);
        Assert.Contains("LeaseDuration", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddOAuth_EveryServiceResolves_AndHostRegistrationsAreKept()
    {
        await using var host = new OAuthHost();

        Assert.NotNull(host.Connections);
        Assert.NotNull(host.Get<IOAuthTokenSource>());
        Assert.IsType<OAuthTokenRefresher>(host.Get<IOAuthTokenSource>());
        Assert.Equal(TimeSpan.FromMinutes(10), host.Get<IOptions<OAuthOptions>>().Value.StateLifetime);
    }

    [Fact]
    public async Task AddOAuth_Twice_OneClientPipeline_LastOptionsWin()
    {
        var services = new ServiceCollection();
        services.AddCredentials().UseInMemoryStorage().UseMasterKey(new byte[32].Select((_, i) => (byte)(i + 1)).ToArray())
            .AddOAuth(o => o.RedirectUri = new Uri("https://one.example.com/cb"))
            .AddOAuth(o => o.RedirectUri = new Uri("https://two.example.com/cb"));
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.Equal(new Uri("https://two.example.com/cb"), provider.GetRequiredService<IOptions<OAuthOptions>>().Value.RedirectUri);
        using var client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(OAuthHttp.ClientName);
        Assert.NotNull(client);
    }
}
