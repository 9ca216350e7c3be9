using System.Runtime.CompilerServices;
using Credentials.Cli.Bundle;
using Credentials.Cli.Store;

namespace Credentials.Cli.Commands;

/// <summary>Reads an organization's credentials with their values through the public store and resolver, shared and personal.</summary>
internal static class ExportReader
{
    public static async IAsyncEnumerable<BundleEntry> ReadAsync(VaultSession session, OrganizationId organization, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var admin = new CredentialContext(organization);
        var query = new CredentialQuery { IncludeAllUsers = true, PageSize = 500 };
        await foreach (var card in session.Store.ListAllAsync(admin, query, cancellationToken).ConfigureAwait(false))
        {
            var secret = card.OwnerUserId is null
                ? await session.Resolver.TryResolveAsync(organization, card.Key, cancellationToken).ConfigureAwait(false)
                : await session.Resolver.TryResolveAsync<CredentialSecret>(new CredentialContext(organization, card.OwnerUserId), card.Key, ResolveScope.User, cancellationToken).ConfigureAwait(false);
            if (secret is null)
            {
                // Deleted between the listing and the read: not exported.
                continue;
            }

            yield return new BundleEntry(organization, card.Id, card.OwnerUserId, card.Name, card.Key, card.Category, card.TemplateId, card.CreatedAt, card.UpdatedAt, secret);
        }
    }
}
