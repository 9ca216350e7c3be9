using System.Runtime.CompilerServices;
using Credentials;
using Microsoft.Extensions.DependencyInjection;

// A second process on a test's SQLite store. Every line is flushed as it is written.
//
// Credentials.VaultProcessHost update <database file> <key file> <organization> <key> <token>
//   Replaces the secret of the organization's shared credential <key> with an API token, then exits.
//
// Credentials.VaultProcessHost hold <database file> <key file> <organization> <nonce> <plaintext cache: 0 or 1>
//   Creates a credential whose token is Marker.For(nonce), built here at run time (the command line carries only the nonce),
//   resolves it 50 times (the first reads the store, the rest hit the sealed-record cache), drops every reference this
//   program had to it, collects garbage, prints "ready", and waits for standard input to close, keeping the vault
//   alive, so the parent can walk this process's heap for the token.
return args switch
{
    ["update", var database, var keyFile, var org, var key, var token] => await UpdateAsync(database, keyFile, org, key, token),
    ["hold", var database, var keyFile, var org, var nonce, var plaintextCache] => await HoldAsync(database, keyFile, org, nonce, plaintextCache == "1"),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Credentials.VaultProcessHost update <database> <key file> <org> <key> <token> | hold <database> <key file> <org> <nonce> <0|1>");
    return 2;
}

static ServiceProvider Open(string database, string keyFile, bool plaintextCache)
{
    var builder = new ServiceCollection().AddCredentials().UseSqlite("Data Source=" + database).UseKeyFile(keyFile);
    if (plaintextCache)
    {
        builder.UseResolveCache();
    }

    return builder.Services.BuildServiceProvider();
}

static async Task<int> UpdateAsync(string database, string keyFile, string org, string key, string token)
{
    using var provider = Open(database, keyFile, plaintextCache: false);
    var store = provider.GetRequiredService<ICredentialStore>();
    var view = await store.GetByKeyAsync(new OrganizationId(org), key) ?? throw new InvalidOperationException($"no credential {key}");
    await store.UpdateAsync(new OrganizationId(org), view.Id, new CredentialUpdate { Secret = new ApiToken(token) });
    Console.WriteLine("updated");
    return 0;
}

static async Task<int> HoldAsync(string database, string keyFile, string org, string nonce, bool plaintextCache)
{
    using var provider = Open(database, keyFile, plaintextCache);
    var ok = await UseSecretAsync(provider, new OrganizationId(org), nonce);

    // Everything this program held is out of scope; collect twice (finalizers may release more), compacting.
    for (var i = 0; i < 2; i++)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
    }

    Console.WriteLine(ok ? "ready" : "mismatch");
    Console.Out.Flush();
    await Console.In.ReadToEndAsync();
    GC.KeepAlive(provider);
    return ok ? 0 : 1;
}

// Not inlined: its locals (the token, the records) must not stay live in the caller's frame.
[MethodImpl(MethodImplOptions.NoInlining)]
static async Task<bool> UseSecretAsync(ServiceProvider provider, OrganizationId org, string nonce)
{
    var store = provider.GetRequiredService<ICredentialStore>();
    var resolver = provider.GetRequiredService<ICredentialResolver>();
    await store.CreateAsync(org, new NewCredential("Marker", "MARKER_KEY", CredentialCategory.Custom, new ApiToken(Marker.For(nonce))));
    var length = Marker.For(nonce).Length;
    var ok = true;
    for (var i = 0; i < 50; i++)
    {
        ok &= (await resolver.ResolveAsync<ApiToken>(org, "MARKER_KEY")).Token.Length == length;
    }

    return ok;
}

/// <summary>The marker secret: built from the nonce at run time, so no literal or argument holds it whole.</summary>
internal static class Marker
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string For(string nonce) => string.Concat("sk-marker-", new string(nonce.Reverse().ToArray()), "-0123456789");
}
