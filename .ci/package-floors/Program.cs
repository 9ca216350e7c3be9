using System.Security.Cryptography;
using Credentials;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Exercises each package once on the 10.0.0 pins: settings from configuration, create and resolve, a child-process
// environment, the configuration provider, and an HttpClient with the handler. Prints "floor host: ok" at the end.
var folder = Directory.CreateTempSubdirectory("credentials-floor-host-").FullName;
try
{
    var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    var database = Path.Combine(folder, "floor.db");
    var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, Args = args });
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Credentials:Sqlite:ConnectionString"] = "Data Source=" + database,
        ["Credentials:MasterKey"] = key,
    });
    builder.Services.AddCredentials(builder.Configuration.GetSection("Credentials")).AddCommonTemplates();
    builder.Services.AddHttpClient("openai").AddCredentialAuthentication("OPENAI_API_KEY");
    using var host = builder.Build();
    await host.StartAsync();

    var org = new OrganizationId("floor");
    await host.Services.GetRequiredService<ICredentialStore>().CreateFromTemplateAsync(org, "openai", new ApiToken("sk-floor-check"));
    var token = await host.Services.GetRequiredService<ICredentialResolver>().ResolveAsync<ApiToken>(org, "OPENAI_API_KEY");
    var environment = await host.Services.GetRequiredService<ICredentialEnvironment>().BuildAsync(org, ["OPENAI_API_KEY"]);
    using var configuration = (IDisposable)new ConfigurationBuilder()
        .AddCredentials(org, b => b.UseSqlite("Data Source=" + database).UseMasterKey(key))
        .Build();
    _ = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("openai");
    await host.StopAsync();

    if (token.Token != "sk-floor-check" || environment["OPENAI_API_KEY"] != "sk-floor-check" || ((IConfiguration)configuration)["OPENAI_API_KEY"] != "sk-floor-check")
    {
        Console.Error.WriteLine("floor host: a value did not round-trip");
        return 1;
    }

    Console.WriteLine("floor host: ok");
    return 0;
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    Directory.Delete(folder, recursive: true);
}
