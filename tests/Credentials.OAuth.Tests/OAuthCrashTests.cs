using Xunit.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Data.Sqlite;

namespace Credentials.OAuth.Tests;

/// <summary>
/// A process killed (kill -9) after the token endpoint answered and before the write loses at most that refresh: the
/// credential still opens, and the next resolve refreshes again or asks for reconnect; never a half-written credential.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed class OAuthCrashTests(OidcServer server, ITestOutputHelper output)
{
    [SkippableFact]
    public async Task Refresh_ProcessKilledBetweenTokenResponseAndWrite_CredentialIntactAndNextResolveRefreshesOrAsksForReconnect()
    {
        server.RequireOrSkip();
        var file = Path.Combine(Path.GetTempPath(), $"oauth-crash-{Guid.NewGuid():N}.db");
        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            await using var host = new OAuthHost(
                b => b.UseSqlite("Data Source=" + file),
                key,
                oauth: o =>
                {
                    o.AttemptTimeout = TimeSpan.FromSeconds(1);
                    o.RequestTimeout = TimeSpan.FromSeconds(2);
                    o.LeaseDuration = TimeSpan.FromSeconds(3);
                    o.LeaseWaitTimeout = TimeSpan.FromSeconds(20);
                });
            var (clientId, clientSecret) = await server.RegisterClientAsync();
            var view = await host.CreateClientAsync(server, clientId, clientSecret, "CRASH_OAUTH");
            await host.ConnectAsync(server, view.Id);
            await host.ExpireAsync(view.Id);
            var before = await host.Store.GetAsync(OAuthHost.Org, view.Id);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            using (var child = StartChild(file, key, "CRASH_OAUTH"))
            {
                var errors = new System.Text.StringBuilder();
                child.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
                child.BeginErrorReadLine();
                var line = child.StandardOutput.ReadLineAsync();
                Assert.True(line.Wait(TimeSpan.FromSeconds(120)), "the child printed nothing");
                Assert.Equal("TOKEN_RECEIVED", line.Result);
                output.WriteLine($"token received after {clock.Elapsed}");
                Assert.False(child.HasExited); // alive, holding the token response and the lease, before its write
                child.Kill(entireProcessTree: true); // SIGKILL: no finally blocks, no lease release, no write.
                await child.WaitForExitAsync();
                output.WriteLine($"killed after {clock.Elapsed}");
                lock (errors) { output.WriteLine(errors.ToString()); }
            }

            Assert.Equal(1, await server.CountAsync(clientId, "refresh_token"));
            var after = await host.Store.GetAsync(OAuthHost.Org, view.Id);
            Assert.Equal(before!.Version, after!.Version);
            Assert.NotNull(await host.Store.GetForEditAsync(OAuthHost.Org, view.Id)); // opens: not half-written

            // The crashed holder's lease lapses; the next resolve refreshes with the stored (now consumed) refresh token:
            // the server answers invalid_grant, so the credential asks for reconnect. Or, with a server that does not
            // rotate, it simply refreshes. Either way no garbage and no hang.
            try
            {
                var resolved = await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "CRASH_OAUTH");
                Assert.True(resolved.ExpiresAt > DateTimeOffset.UtcNow);
            }
            catch (CredentialReconnectRequiredException ex)
            {
                Assert.Equal(view.Id, ex.CredentialId);
                Assert.Equal(ConnectionState.NeedsReconnect, (await host.Connections.GetStatusAsync(OAuthHost.Org, view.Id)).State);
            }

            output.WriteLine($"resolved after {clock.Elapsed}");

            // Reconnecting in place works.
            await host.ConnectAsync(server, view.Id);
            Assert.NotNull((await host.Resolver.ResolveAsync<OAuth2>(OAuthHost.Org, "CRASH_OAUTH")).AccessToken);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var path in new[] { file, file + "-wal", file + "-shm" })
            {
                File.Delete(path);
            }
        }
    }

    private static Process StartChild(string file, byte[] key, string credentialKey)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Credentials.OAuth.CrashHost.dll"));
        start.ArgumentList.Add(file);
        start.ArgumentList.Add(Convert.ToHexString(key));
        start.ArgumentList.Add(OAuthHost.Org.Value);
        start.ArgumentList.Add(credentialKey);
        return Process.Start(start) ?? throw new InvalidOperationException("The crash host did not start.");
    }
}
