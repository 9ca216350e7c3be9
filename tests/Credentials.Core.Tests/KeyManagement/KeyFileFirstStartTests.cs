using Microsoft.Extensions.Options;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Several instances (or processes) that start at once on a key file that does not exist yet: exactly one creates it,
/// and every other one reads that same ring. None may see the file while it is being written (empty, half written, or
/// still locked by its writer), which CI saw as "cannot be read: ... being used by another process" on a first start.
/// </summary>
public sealed class KeyFileFirstStartTests : IDisposable
{
    private const int Instances = 8;
    private const int Attempts = 40;
    private readonly TempDirectory _directory = new("credentials-keyfile-first-start-");

    [Fact]
    public async Task ManyInstancesStartingAtOnceOnAMissingKeyFile_AllLoadTheOneRingThatWasCreated()
    {
        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var path = _directory.File($"attempt-{attempt}/credentials.key");
            var providers = Enumerable.Range(0, Instances)
                .Select(_ => new KeyFileKeyProvider(Options.Create(new KeyFileOptions { Path = path }), new ContentRoot(), TimeProvider.System))
                .ToArray();
            try
            {
                // Each provider on its own thread, released together, so the create and the reads overlap.
                using var start = new Barrier(Instances);
                var loads = providers.Select(p => Task.Factory.StartNew(
                    () =>
                    {
                        start.SignalAndWait();
                        p.LoadAsync(CancellationToken.None).GetAwaiter().GetResult();
                        return p.PrimaryKey.KeyId;
                    },
                    CancellationToken.None,
                    TaskCreationOptions.LongRunning,
                    TaskScheduler.Default)).ToArray();

                var primaries = await Task.WhenAll(loads);

                Assert.Single(primaries.Distinct(StringComparer.Ordinal));
                Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, "*.tmp"));
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
                }
            }
            finally
            {
                foreach (var provider in providers)
                {
                    provider.Dispose();
                }
            }
        }
    }

    public void Dispose() => _directory.Dispose();
}
