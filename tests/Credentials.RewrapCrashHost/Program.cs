using System.Globalization;
using Credentials;
using Microsoft.Extensions.DependencyInjection;

// The child process of the crash tests, killed (SIGKILL) at random points. Every line is flushed as it is written.
//
// Credentials.RewrapCrashHost <database file> <key file> <batch size>
//   Rewraps the store. Prints "progress <done> <total>" after each committed batch and "done <rewrapped> <remaining>" at the
//   end. After each progress line it waits for a line on standard input before the next batch (until standard input is
//   closed), so the parent decides how far a run gets and then kills it at a random moment of the next batch.
//
// Credentials.RewrapCrashHost writer <database file> <ring> <seed> <slots>
//   Creates and updates credentials W_0 .. W_<slots-1> for ever: "try <key> <token>" before each write, "ack <key> <token>"
//   once the vault returned (the write is acknowledged).
//
// Credentials.RewrapCrashHost keys <database file> <ring> <seed>
//   Rotates, rewraps and retires every older key nothing is wrapped under, for ever: "rotated <id>", "rewrapped <remaining>",
//   "retired <id>" (or "refused <id>" when a write under it came in between).
//
// Credentials.RewrapCrashHost migrate <database file> <key file> <batch size> <target>
//   Moves a store made with the key file to <target> ("passphrase", or "master-key:<base64>") with MigrateKeysFromKeyFile and
//   ICredentialKeyMigration.MigrateAsync: "progress <done> <total>" after each committed batch (in lockstep with standard input,
//   as the rewrap above), then "done <rewrapped> <remaining> <complete>".
//
// <ring> is "passphrase" (a ring in the database, cheap Argon2id costs) or the path of a key file.
return args switch
{
    ["migrate", var database, var keyFile, var batchSize, var target] => await MigrateAsync(database, keyFile, Parse(batchSize), target),
    ["writer", var database, var ring, var seed, var slots] => await WriteAsync(Open(database, ring), Parse(seed), Parse(slots)),
    ["keys", var database, var ring, var seed] => await ManageKeysAsync(Open(database, ring), Parse(seed)),
    [var database, var keyFile, var batchSize] => await RewrapAsync(database, keyFile, Parse(batchSize)),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Credentials.RewrapCrashHost <database> <key file> <batch size> | writer <database> <ring> <seed> <slots> | keys <database> <ring> <seed> | migrate <database> <key file> <batch size> <target>");
    return 2;
}

static int Parse(string value) => int.Parse(value, CultureInfo.InvariantCulture);

static ServiceProvider Open(string database, string ring, Action<IServiceCollection>? configure = null)
{
    var services = new ServiceCollection();
    var builder = services.AddCredentials().UseSqlite("Data Source=" + database);
    if (ring == "passphrase")
    {
        builder.UsePassphrase(CrashHost.Passphrase, CrashHost.CheapArgon2id);
    }
    else
    {
        builder.UseKeyFile(ring);
    }

    configure?.Invoke(services);
    return services.BuildServiceProvider();
}

static async Task<int> RewrapAsync(string database, string keyFile, int batchSize)
{
    using var provider = Open(database, keyFile, s => s.Configure<RewrapOptions>(o => o.BatchSize = batchSize));
    var keys = provider.GetRequiredService<ICredentialKeyManager>();
    var output = CrashHost.Output();
    var result = await keys.RewrapAsync(new LineProgress(output));
    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {result.Rewrapped} {result.Remaining}"));
    return 0;
}

static async Task<int> MigrateAsync(string database, string keyFile, int batchSize, string target)
{
    var services = new ServiceCollection();
    var builder = services.AddCredentials().UseSqlite("Data Source=" + database).MigrateKeysFromKeyFile(keyFile);
    if (target.StartsWith("master-key:", StringComparison.Ordinal))
    {
        builder.UseMasterKey(target["master-key:".Length..]);
    }
    else
    {
        builder.UsePassphrase(CrashHost.Passphrase, CrashHost.CheapArgon2id);
    }

    services.Configure<RewrapOptions>(o => o.BatchSize = batchSize);
    using var provider = services.BuildServiceProvider();
    var output = CrashHost.Output();
    var result = await provider.GetRequiredService<ICredentialKeyMigration>().MigrateAsync(new LineProgress(output));
    output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {result.Rewrap.Rewrapped} {result.Rewrap.Remaining} {result.IsComplete}"));
    return 0;
}

static async Task<int> WriteAsync(ServiceProvider provider, int seed, int slots)
{
    using (provider)
    {
        var store = provider.GetRequiredService<ICredentialStore>();
        var output = CrashHost.Output();
        var random = new Random(seed);
        var org = new OrganizationId("acme");
        var ids = new Dictionary<string, CredentialId>(StringComparer.Ordinal);
        for (var write = 0; ; write++)
        {
            var key = $"W_{random.Next(slots)}";
            var token = string.Create(CultureInfo.InvariantCulture, $"sk-{seed}-{write:D7}-acknowledged");
            output.WriteLine($"try {key} {token}");
            try
            {
                if (!ids.TryGetValue(key, out var id))
                {
                    try
                    {
                        ids[key] = (await store.CreateAsync(org, new NewCredential(key, key, CredentialCategory.Runtime, new ApiToken(token)))).Id;
                        output.WriteLine($"ack {key} {token}");
                        continue;
                    }
                    catch (CredentialConflictException)
                    {
                        // Written by an earlier run: update it.
                        id = ids[key] = (await store.ListAsync(org, new CredentialQuery { Text = key })).Items.Single(v => v.Key == key).Id;
                    }
                }

                await store.UpdateAsync(org, id, new CredentialUpdate { Secret = new ApiToken(token) });
                output.WriteLine($"ack {key} {token}");
            }
            catch (CredentialException ex) when (ex.Message.Contains("retired", StringComparison.Ordinal))
            {
                // The store's fence refused it twice (keys retired faster than this process re-read them): not written.
                output.WriteLine($"refused {key} {token}");
                Console.Error.WriteLine(ex.Message);
            }
        }
    }
}

static async Task<int> ManageKeysAsync(ServiceProvider provider, int seed)
{
    using (provider)
    {
        var keys = provider.GetRequiredService<ICredentialKeyManager>();
        var output = CrashHost.Output();
        var random = new Random(seed);
        while (true)
        {
            output.WriteLine($"rotated {(await keys.RotateAsync()).Id}");
            output.WriteLine($"rewrapped {(await keys.RewrapAsync()).Remaining}");
            foreach (var key in await keys.ListKeysAsync())
            {
                if (key.IsPrimary || key.IsRetired || key.WrappedCount > 0)
                {
                    continue;
                }

                try
                {
                    await keys.RetireAsync(key.Id);
                    output.WriteLine($"retired {key.Id}");
                }
                catch (CredentialException)
                {
                    output.WriteLine($"refused {key.Id}");
                }
            }

            await Task.Delay(random.Next(10, 60));
        }
    }
}

internal static class CrashHost
{
    public const string Passphrase = "the crash test's passphrase, shared by every process";

    public static StreamWriter Output() => new(Console.OpenStandardOutput()) { AutoFlush = true };

    public static void CheapArgon2id(PassphraseOptions options)
    {
        options.MemorySizeKib = 64;
        options.Iterations = 1;
        options.Parallelism = 1;
    }
}

internal sealed class LineProgress(StreamWriter output) : IProgress<RewrapProgress>
{
    private bool _lockstep = true;

    public void Report(RewrapProgress value)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress {value.Done} {value.Total}"));
        _lockstep = _lockstep && Console.In.ReadLine() is not null;
    }
}
