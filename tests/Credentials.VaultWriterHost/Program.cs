using Credentials;
using Microsoft.Extensions.DependencyInjection;

// Usage: Credentials.VaultWriterHost <database file> <organization> <key> <token>
// The master key (base64) comes in the environment variable CREDENTIALS_MASTER_KEY, not on the command line. Creates the
// API token credential or replaces its token, prints "committed" once the write is in the store, and exits.
if (args.Length != 4 || Environment.GetEnvironmentVariable("CREDENTIALS_MASTER_KEY") is not { Length: > 0 } masterKey)
{
    Console.Error.WriteLine("usage: CREDENTIALS_MASTER_KEY=<base64> Credentials.VaultWriterHost <database> <organization> <key> <token>");
    return 2;
}

var services = new ServiceCollection();
services.AddCredentials().UseSqlite("Data Source=" + args[0]).UseMasterKey(masterKey);
await using var provider = services.BuildServiceProvider();
var store = provider.GetRequiredService<ICredentialStore>();
var organization = new OrganizationId(args[1]);
var existing = await store.GetByKeyAsync(organization, args[2]);
if (existing is null)
{
    await store.CreateAsync(organization, new NewCredential(args[2], args[2], CredentialCategory.Custom, new ApiToken(args[3])));
}
else
{
    await store.UpdateAsync(organization, existing.Id, new CredentialUpdate { Secret = new ApiToken(args[3]) });
}

Console.Out.WriteLine("committed");
await Console.Out.FlushAsync();
return 0;
