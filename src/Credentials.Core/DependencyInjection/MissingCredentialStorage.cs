namespace Credentials;

/// <summary>
/// What <c>AddCredentialsCore()</c> registers as the storage until a storage verb replaces it: resolving it throws, so
/// the vault (or the host's start) fails with the fix instead of a bare "no service registered".
/// </summary>
internal static class MissingCredentialStorage
{
    public const string Message =
        "No credential storage is configured: call UseSqlite(...) or UsePostgres(...) (or UseInMemoryStorage() in tests), " +
        "or reference the `Credentials` package, whose AddCredentials() uses the embedded SQLite store.";

    /// <exception cref="InvalidOperationException">Always.</exception>
    public static Storage.ICredentialStorage Fail(IServiceProvider services) => throw new InvalidOperationException(Message);
}
