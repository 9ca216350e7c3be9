using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Credentials.Tests.KeyManagement;

/// <summary>
/// Two vaults on one store and one key ring, standing for two processes: A acts freely, B's storage is wrapped by a
/// <see cref="StorageInterceptor"/> so a test can hold B inside a write. Stores: a SQLite file with a shared key file or a
/// passphrase ring (<c>sqlite+key-file</c>, <c>sqlite+passphrase</c>), or one in-memory storage with a passphrase ring
/// (<c>memory+passphrase</c>).
/// </summary>
internal sealed class TwoInstances : IDisposable
{
    public static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private TwoInstances(KeyFileStore a, KeyFileStore b, StorageInterceptor gate)
    {
        A = a;
        B = b;
        Gate = gate;
    }

    public static TheoryData<string> Stores => ["sqlite+key-file", "sqlite+passphrase", "memory+passphrase"];

    public KeyFileStore A { get; }

    public KeyFileStore B { get; }

    public StorageInterceptor Gate { get; }

    public static TwoInstances Open(TempDirectory directory, string store, Action<ICredentialsBuilder>? configureB = null)
    {
        ICredentialStorage? shared = store.StartsWith("memory", StringComparison.Ordinal) ? new InMemoryCredentialStorage() : null;
        ICredentialStorage Storage() => shared ?? new Credentials.Storage.Sqlite.SqliteCredentialStorage("Data Source=" + directory.File("store.db"));
        void Keys(ICredentialsBuilder builder)
        {
            if (store.EndsWith("passphrase", StringComparison.Ordinal))
            {
                builder.UsePassphrase("a passphrase both instances share", PassphraseTests.Cheap);
            }
        }

        var a = KeyFileStore.Open(directory, builder =>
        {
            Keys(builder);
            builder.Services.Replace(ServiceDescriptor.Singleton(Storage()));
        });
        var gated = StorageInterceptor.Wrap(Storage());
        var b = KeyFileStore.Open(directory, builder =>
        {
            Keys(builder);
            builder.Services.Replace(ServiceDescriptor.Singleton(gated));
            configureB?.Invoke(builder);
        });
        return new TwoInstances(a, b, StorageInterceptor.Of(gated));
    }

    public void Dispose()
    {
        Gate.Release();
        A.Dispose();
        B.Dispose();
        (Gate.Inner as IDisposable)?.Dispose();
    }
}
