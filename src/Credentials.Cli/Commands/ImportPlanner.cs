using System.Text.Json;
using Credentials.Cli.Bundle;
using Credentials.Cli.Store;

namespace Credentials.Cli.Commands;

/// <summary>Decides, before anything is written, what happens to each credential of a bundle in the target store.</summary>
internal static class ImportPlanner
{
    public static async Task<IReadOnlyList<ImportItem>> PlanAsync(VaultSession session, IReadOnlyList<BundleEntry> entries, CancellationToken cancellationToken)
    {
        var seen = new HashSet<(string, string?, string)>();
        var items = new List<ImportItem>(entries.Count);
        foreach (var entry in entries)
        {
            if (!seen.Add((entry.Organization.Value, entry.OwnerUserId, entry.Key)))
            {
                throw new BundleException($"The bundle holds {entry.Describe()} twice; it was not written by this tool.");
            }

            var context = new CredentialContext(entry.Organization, entry.OwnerUserId);
            var ownership = entry.OwnerUserId is null ? CredentialOwnership.Organization : CredentialOwnership.User;
            var existing = await session.Store.GetByKeyAsync(context, entry.Key, ownership, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                items.Add(new ImportItem(entry, ImportAction.Create, null));
                continue;
            }

            var same = existing.Name == entry.Name && existing.Category == entry.Category && existing.Type == entry.Secret.Type
                && SameValues(await ResolveAsync(session, entry, cancellationToken).ConfigureAwait(false), entry.Secret);
            items.Add(new ImportItem(entry, same ? ImportAction.Identical : ImportAction.Conflict, existing));
        }

        return items;
    }

    private static Task<CredentialSecret?> ResolveAsync(VaultSession session, BundleEntry entry, CancellationToken cancellationToken) =>
        entry.OwnerUserId is null
            ? session.Resolver.TryResolveAsync(entry.Organization, entry.Key, cancellationToken)
            : session.Resolver.TryResolveAsync<CredentialSecret>(new CredentialContext(entry.Organization, entry.OwnerUserId), entry.Key, ResolveScope.User, cancellationToken);

    /// <summary>Compares the values as the vault serializes them (records holding lists or JSON do not compare by value).</summary>
    private static bool SameValues(CredentialSecret? stored, CredentialSecret imported)
    {
        if (stored is null)
        {
            return false;
        }

        var left = JsonSerializer.SerializeToUtf8Bytes(stored, CredentialJsonContext.Default.CredentialSecret);
        var right = JsonSerializer.SerializeToUtf8Bytes(imported, CredentialJsonContext.Default.CredentialSecret);
        try
        {
            return left.AsSpan().SequenceEqual(right);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(left);
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(right);
        }
    }
}
