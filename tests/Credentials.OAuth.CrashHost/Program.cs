using Credentials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

// Usage: Credentials.OAuth.CrashHost <sqlite file> <master key hex> <organization> <credential key>
// Resolves the credential (its token is due, so it refreshes); prints TOKEN_RECEIVED once the token endpoint answered and
// then waits, before the write, for the parent to kill it.
var services = new ServiceCollection();
// Logs on stderr (the parent prints them when the test fails or is slow).
services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddFilter("System.Net.Http", LogLevel.Warning)
    .AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
services.AddCredentials(o => o.AllowPrivateNetworkDestinations = true)
    .UseSqlite("Data Source=" + args[0])
    .UseMasterKey(Convert.FromHexString(args[1]))
    .AddOAuth(o =>
    {
        o.RedirectUri = new Uri("http://127.0.0.1:1/callback");
        o.AttemptTimeout = TimeSpan.FromSeconds(1);
        o.RequestTimeout = TimeSpan.FromSeconds(2);
        o.LeaseDuration = TimeSpan.FromSeconds(3);
    });
services.PostConfigure<OAuthOptions>(o => o.BeforeTokenWrite = async ct =>
{
    Console.Out.WriteLine("TOKEN_RECEIVED");
    await Console.Out.FlushAsync(ct);
    await Task.Delay(Timeout.Infinite, ct);
});
await using var provider = services.BuildServiceProvider();
_ = provider.GetRequiredService<IOptions<OAuthOptions>>().Value;
await provider.GetRequiredService<ICredentialResolver>().ResolveAsync<OAuth2>(new OrganizationId(args[2]), args[3]);
Console.Out.WriteLine("WRITTEN");
