using Microsoft.Extensions.DependencyInjection;

namespace Credentials;

/// <summary>
/// The keys the vault uses: the registered <see cref="IKeyEncryptionKeyProvider"/>, or, when <c>MigrateKeysFrom</c> was
/// called, a <see cref="MigratingKeyProvider"/> over it and the providers it names. Composed here rather than by replacing
/// the registration, so the verbs can be called in any order and a host's own provider (registered with <c>Replace</c>)
/// migrates the same way.
/// </summary>
internal sealed class VaultKeys : IDisposable
{
    private readonly List<IKeyEncryptionKeyProvider> _owned = [];
    private readonly IKeyEncryptionKeyProvider _configured;

    public VaultKeys(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var configured = _configured = services.GetRequiredService<IKeyEncryptionKeyProvider>();
        var sources = services.GetServices<KeyMigrationSource>().ToList();
        if (sources.Count == 0)
        {
            Provider = configured;
            return;
        }

        try
        {
            foreach (var source in sources)
            {
                _owned.Add(source.Create(services));
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        Provider = new MigratingKeyProvider(configured, [.. _owned]);
    }

    /// <summary>What the sealer, the start-up and the key manager use.</summary>
    public IKeyEncryptionKeyProvider Provider { get; }

    /// <summary>The previous providers were made for the vault: it disposes them (the configured one belongs to the container).</summary>
    public void Dispose()
    {
        foreach (var provider in _owned.Distinct().Where(p => !ReferenceEquals(p, _configured)))
        {
            (provider as IDisposable)?.Dispose();
        }

        _owned.Clear();
    }
}
