namespace Credentials;

/// <summary>
/// The keys of a store that moves from one key provider to another (<c>MigrateKeysFrom</c>): new writes, rotation and the
/// primary come from the <see cref="Current"/> provider; opening also finds the keys of the <see cref="Previous"/> ones,
/// until rewrap has moved everything off them and they are retired. Ring metadata (created-at, retirements) goes to the
/// provider that owns the key.
/// </summary>
/// <remarks>
/// Start-up (<see cref="LoadAsync"/>) loads the previous providers first, so that a ring kept in the store that the current
/// provider starts (a passphrase or Data Protection ring) may be created in a store whose credentials are all under
/// previous keys, and only then; and it refuses a configuration in which both sides have the same key (the same provider
/// given twice), since the migration would then move nothing.
/// </remarks>
internal sealed class MigratingKeyProvider : IKeyEncryptionKeyProvider, IKeyRingMetadata
{
    public MigratingKeyProvider(IKeyEncryptionKeyProvider current, IReadOnlyList<IKeyEncryptionKeyProvider> previous)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(previous);
        Current = current;
        Previous = previous;
    }

    /// <summary>The provider the store moves to: the primary key, rotation, every new write.</summary>
    public IKeyEncryptionKeyProvider Current { get; }

    /// <summary>The providers the store moves away from: read only, until their keys are retired.</summary>
    public IReadOnlyList<IKeyEncryptionKeyProvider> Previous { get; }

    public IKeyEncryptionKey PrimaryKey => Current.PrimaryKey;

    /// <summary>The current provider's keys, then the previous providers' (a key id is listed once).</summary>
    public IReadOnlyList<IKeyEncryptionKey> Keys
    {
        get
        {
            var keys = new List<IKeyEncryptionKey>(Current.Keys);
            var seen = keys.Select(k => k.KeyId).ToHashSet(StringComparer.Ordinal);
            foreach (var provider in Previous)
            {
                keys.AddRange(provider.Keys.Where(k => seen.Add(k.KeyId)));
            }

            return keys;
        }
    }

    public IReadOnlyCollection<string> RetiredKeyIds =>
        [.. Providers().OfType<IKeyRingMetadata>().SelectMany(r => r.RetiredKeyIds).Distinct(StringComparer.Ordinal)];

    /// <summary>The provider the vault writes with: the current one of a migration, else the provider itself.</summary>
    public static IKeyEncryptionKeyProvider WriterOf(IKeyEncryptionKeyProvider keys) => keys is MigratingKeyProvider migration ? migration.Current : keys;

    public IKeyEncryptionKey? FindKey(string keyId)
    {
        // The resolve path: the current provider first (everything is there once rewrapped), then the previous ones.
        if (Current.FindKey(keyId) is { } key)
        {
            return key;
        }

        foreach (var provider in Previous)
        {
            if (provider.FindKey(keyId) is { } previous)
            {
                return previous;
            }
        }

        return null;
    }

    /// <summary>Whether the key belongs to a previous provider (and not to the current one).</summary>
    public bool IsPreviousKey(string keyId) => OwnerOf(keyId) is { } owner && !ReferenceEquals(owner, Current);

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in Previous)
        {
            if (ReferenceEquals(provider, Current))
            {
                throw SameKeys($"MigrateKeysFrom was given the configured key provider itself ({Current.GetType().Name})");
            }

            if (provider is IKeyRingMetadata ring)
            {
                await ring.LoadAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        if (Current is StoredKeyRingProvider stored)
        {
            // A ring kept in the store may start in a store that holds credentials, but only under keys a previous provider has.
            stored.Predecessor = id => Previous.Any(p => p.FindKey(id) is not null);
        }

        if (Current is IKeyRingMetadata current)
        {
            await current.LoadAsync(cancellationToken).ConfigureAwait(false);
        }

        var shared = Current.Keys.Select(k => k.KeyId).Where(id => Previous.Any(p => p.FindKey(id) is not null)).ToList();
        if (shared.Count > 0)
        {
            throw SameKeys($"the key provider given to MigrateKeysFrom and the configured one both have key(s) {string.Join(", ", shared.Select(id => $"'{id}'"))}");
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        foreach (var ring in Providers().OfType<IKeyRingMetadata>())
        {
            await ring.RefreshAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public DateTimeOffset? GetCreatedAt(string keyId) => (OwnerOf(keyId) as IKeyRingMetadata)?.GetCreatedAt(keyId);

    public Task MarkRetiredAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken) => OwnerOf(keyId) switch
    {
        IKeyRingMetadata ring => ring.MarkRetiredAsync(keyId, retiredAt, cancellationToken),

        // A master key or a KMS: the store's fence, already written, is the only record of a retirement.
        not null => Task.CompletedTask,
        null => throw new CredentialException($"Neither the configured key provider nor the one given to MigrateKeysFrom has a key '{keyId}'."),
    };

    /// <summary>The provider that has the key (its material, or a ring's record of its retirement), the current one first.</summary>
    private IKeyEncryptionKeyProvider? OwnerOf(string keyId) =>
        Providers().FirstOrDefault(p => p.FindKey(keyId) is not null)
        ?? Providers().FirstOrDefault(p => p is IKeyRingMetadata ring && ring.RetiredKeyIds.Contains(keyId, StringComparer.Ordinal));

    private IEnumerable<IKeyEncryptionKeyProvider> Providers() => Previous.Prepend(Current);

    private static CredentialException SameKeys(string what) => new(
        $"The key migration is misconfigured: {what}. MigrateKeysFrom names the provider the store is moving away from; configure the new one " +
        "(UseMasterKey, UsePassphrase, ProtectKeysWithDataProtection, ...) as the key provider. Nothing was read or written.");
}
