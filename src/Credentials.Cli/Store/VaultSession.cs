using Credentials.Cli.Settings;
using Credentials.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Cli.Store;

/// <summary>
/// The vault as a host builds it (<c>AddCredentialsCore()</c>, the store verb, the key verb, the common templates), opened
/// and checked: the schema is current, the keys open what the store holds. Disposing closes its connections.
/// </summary>
internal sealed class VaultSession : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    private VaultSession(ServiceProvider services, CliSettings settings)
    {
        _services = services;
        Settings = settings;
    }

    public CliSettings Settings { get; }

    public ICredentialStore Store => _services.GetRequiredService<ICredentialStore>();

    public ICredentialResolver Resolver => _services.GetRequiredService<ICredentialResolver>();

    public ICredentialKeyManager Keys => _services.GetRequiredService<ICredentialKeyManager>();

    public IDeletedCredentials Deleted => _services.GetRequiredService<IDeletedCredentials>();

    public ICredentialStorage Storage => _services.GetRequiredService<ICredentialStorage>();

    public ICredentialAudit Audit => _services.GetRequiredService<ICredentialAudit>();

    /// <summary>The migration of a session opened with <see cref="OpenForMigrationAsync"/>.</summary>
    public ICredentialKeyMigration Migration => _services.GetRequiredService<ICredentialKeyMigration>();

    /// <summary>The vault itself, for what the public surface does not offer (every organization; keeping ids on import).</summary>
    internal CredentialVault Vault => _services.GetRequiredService<CredentialVault>();

    /// <summary>Opens an existing store: refuses a missing store, a missing key file, and a passphrase on a store without a passphrase ring.</summary>
    public static Task<VaultSession> OpenAsync(CliSettings settings, SecretReader secrets, CancellationToken cancellationToken) =>
        OpenAsync(settings, secrets, create: false, cancellationToken);

    /// <summary>
    /// Opens an existing store with the new key provider (<paramref name="settings"/>) and the one it moves away from
    /// (<paramref name="previous"/>, given to <c>MigrateKeysFrom</c>): the vault's start-up creates the new passphrase ring
    /// in the store if there is none yet, and only when the previous provider has every key the store's credentials are
    /// under. Refuses a missing previous key file and the same master key on both sides before anything is opened.
    /// </summary>
    public static async Task<VaultSession> OpenForMigrationAsync(CliSettings settings, KeyProviderSettings previous, SecretReader secrets, CancellationToken cancellationToken)
    {
        await CheckExistsAsync(settings, cancellationToken).ConfigureAwait(false);
        if (previous.Kind == KeyProviderKind.KeyFile && !File.Exists(previous.KeyFilePath))
        {
            throw new CliException(
                $"The key file to migrate from, {previous.KeyFilePath}, does not exist. Give --from-key-file (or CREDENTIALS_FROM_KEY_FILE) the key file " +
                "the store was created with (restore it from your backup if it is lost). Nothing was changed.");
        }

        var session = new VaultSession(Build(settings, secrets, previous), settings);
        try
        {
            await session.Keys.ListKeysAsync(cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch (CredentialIntegrityException ex)
        {
            var under = await DescribeKeysInUseAsync(session, cancellationToken).ConfigureAwait(false);
            await session.DisposeAsync().ConfigureAwait(false);
            throw new CliException(
                $"The store does not open with the key to migrate from ({previous.Describe()}) and the new key ({settings.Keys.Describe()}){under}. " +
                "Give --from the key file or master key the store was created with (the one `credentials keys list` opens it with); a migration already " +
                "under way goes on with the same new key. Nothing was changed.",
                ExitCodes.Integrity,
                ex);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Opens the store, creating it (and a key file, or a passphrase ring) when <paramref name="create"/> is set.</summary>
    public static async Task<VaultSession> OpenAsync(CliSettings settings, SecretReader secrets, bool create, CancellationToken cancellationToken)
    {
        if (!create)
        {
            await CheckExistsAsync(settings, cancellationToken).ConfigureAwait(false);
        }

        var session = new VaultSession(Build(settings, secrets, previous: null), settings);
        try
        {
            if (!create && settings.Keys.Kind == KeyProviderKind.Passphrase)
            {
                await session.Storage.InitializeAsync(cancellationToken).ConfigureAwait(false);
                if (await session.Storage.GetSettingAsync(StoredKeyRingProvider.HeaderSetting, cancellationToken).ConfigureAwait(false) is null)
                {
                    throw new CliException(
                        $"The {settings.Store.Describe()} has no passphrase key ring: it was created with another key provider (a key file or a master key). " +
                        "Use that provider, or run `credentials init` with a passphrase for a new store.");
                }
            }

            // Runs the vault's start-up: schema, keys, and the check that the keys open what the store holds.
            await session.Keys.ListKeysAsync(cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>": its credentials are under key(s) k-… (n), …" for a message; empty when the store cannot tell.</summary>
    private static async Task<string> DescribeKeysInUseAsync(VaultSession session, CancellationToken cancellationToken)
    {
        try
        {
            var counts = await session.Storage.CountByKeyIdAsync(cancellationToken).ConfigureAwait(false);
            return counts.Count == 0 ? string.Empty
                : ": its credentials are under key(s) " + string.Join(", ", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{c.Key} ({c.Value:N0})")));
        }
        catch (CredentialException)
        {
            return string.Empty;
        }
    }

    private static async Task CheckExistsAsync(CliSettings settings, CancellationToken cancellationToken)
    {
        var store = settings.Store;
        var version = await StoreProbe.ReadSchemaVersionAsync(store, cancellationToken).ConfigureAwait(false);
        if (version == 0)
        {
            throw new CliException(
                $"There is no credential store at {store.Describe()}. Check the setting (--sqlite, --postgres, CREDENTIALS_SQLITE, CREDENTIALS_POSTGRES, " +
                "or the settings file), or run `credentials init` to create a new store.");
        }

        var tool = StoreProbe.ToolSchemaVersion(store.Kind);
        if (version > tool)
        {
            throw new CliException(
                $"The {store.Describe()} has schema version {version}, newer than this tool understands ({tool}). Update the tool " +
                "(dotnet tool update Credentials.Cli) to the version of the application that uses the store.");
        }

        if (settings.Keys.Kind == KeyProviderKind.KeyFile && !File.Exists(settings.Keys.KeyFilePath))
        {
            throw new CliException(
                $"The key file {settings.Keys.KeyFilePath} does not exist. Restore it from your backup (without it the store's credentials cannot be " +
                "opened), or point --key-file or CREDENTIALS_KEY_FILE at it.");
        }
    }

    private static ServiceProvider Build(CliSettings settings, SecretReader secrets, KeyProviderSettings? previous)
    {
        var services = new ServiceCollection();
        var builder = services.AddCredentialsCore();
        if (settings.Store.Kind == StoreKind.Sqlite)
        {
            builder.UseSqlite(settings.Store.ConnectionString);
        }
        else
        {
            builder.UsePostgres(settings.Store.ConnectionString, o => o.Schema = settings.Store.Schema!);
        }

        var keys = settings.Keys;
        try
        {
            switch (keys.Kind)
            {
                case KeyProviderKind.KeyFile:
                    builder.UseKeyFile(keys.KeyFilePath!);
                    break;
                case KeyProviderKind.Passphrase:
                    builder.UsePassphrase(secrets.ReadPassphrase(keys.Secret!, "passphrase"));
                    break;
                default:
                    var key = secrets.ReadMasterKey(keys.Secret!);
                    try
                    {
                        builder.UseMasterKey(key);
                        if (previous is { Kind: KeyProviderKind.MasterKey })
                        {
                            MigrateFromMasterKey(builder, secrets, previous, key);
                            previous = null;
                        }
                    }
                    finally
                    {
                        System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
                    }

                    break;
            }
        }
        catch (ArgumentException ex)
        {
            // The library's own rule (a passphrase too short, a master key of one repeated byte); it never quotes the value.
            throw CliException.Usage($"The {keys.Describe()} is refused: {Reason(ex)}");
        }

        switch (previous?.Kind)
        {
            case KeyProviderKind.KeyFile:
                builder.MigrateKeysFromKeyFile(previous.KeyFilePath!);
                break;
            case KeyProviderKind.MasterKey:
                MigrateFromMasterKey(builder, secrets, previous, newKey: null);
                break;
        }

        builder.AddCommonTemplates();
        return services.BuildServiceProvider();
    }

    private static void MigrateFromMasterKey(ICredentialsBuilder builder, SecretReader secrets, KeyProviderSettings previous, byte[]? newKey)
    {
        var key = secrets.ReadMasterKey(previous.Secret!, "master key to migrate from");
        try
        {
            if (newKey is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(key, newKey))
            {
                throw CliException.Usage(
                    $"The master key to migrate from ({previous.Secret!.Describe()}) is the new master key itself: there is nothing to migrate. " +
                    "Give the new key with --master-key-file, --master-key-stdin or CREDENTIALS_MASTER_KEY(_FILE), and the one the store was created with as --from-master-key-file.");
            }

            builder.MigrateKeysFromMasterKey(key.AsSpan());
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage($"The master key to migrate from ({previous.Secret!.Describe()}) is refused: {Reason(ex)}");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(key);
        }
    }

    private static string Reason(ArgumentException ex) => ex.Message.Split(" (Parameter", 2)[0];
}
