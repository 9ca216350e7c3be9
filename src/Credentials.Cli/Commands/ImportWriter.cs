using Credentials.Cli.Store;

namespace Credentials.Cli.Commands;

/// <summary>
/// Writes the planned credentials, each re-sealed under the target's keys by the vault's own create (validation, a
/// fresh data key, the owner bound in the envelope). If one fails, the ones already written are deleted and purged
/// before the error is reported, so a failed import leaves the store as it was.
/// </summary>
internal static class ImportWriter
{
    /// <summary>Creates every <see cref="ImportAction.Create"/> item; returns each one's new card.</summary>
    public static async Task<IReadOnlyList<(ImportItem Item, CredentialView Created)>> WriteAsync(VaultSession session, IReadOnlyList<ImportItem> items, CancellationToken cancellationToken)
    {
        var created = new List<(ImportItem, CredentialView)>();
        foreach (var item in items.Where(i => i.Action == ImportAction.Create))
        {
            var entry = item.Entry;
            var credential = new NewCredential(entry.Name, entry.Key, entry.Category, entry.Secret)
            {
                TemplateId = entry.TemplateId,
                OwnerUserId = entry.OwnerUserId,
            };
            try
            {
                created.Add((item, await session.Vault.CreateWithIdAsync(item.Admin, credential, entry.Id, cancellationToken).ConfigureAwait(false)));
            }
            catch (Exception ex) when (ex is CredentialException or OperationCanceledException)
            {
                var left = await RollBackAsync(session, created).ConfigureAwait(false);
                var undone = left.Count == 0
                    ? $"The {created.Count} credential(s) written before it were removed: nothing was imported."
                    : $"{created.Count - left.Count} of the {created.Count} credential(s) written before it were removed; these could not be and remain: {string.Join(", ", left)}.";
                var code = ex switch
                {
                    CredentialConflictException => ExitCodes.Conflict,
                    OperationCanceledException => ExitCodes.Cancelled,
                    _ => ExitCodes.Failure,
                };
                throw new CliException($"Importing {entry.Describe()} failed: {ex.Message} {undone}", code, ex);
            }
        }

        return created;
    }

    private static async Task<List<string>> RollBackAsync(VaultSession session, List<(ImportItem Item, CredentialView Created)> created)
    {
        var left = new List<string>();
        foreach (var (item, view) in created)
        {
            try
            {
                // Not cancellable: an interrupted import must still undo what it wrote.
                await session.Store.DeleteAsync(item.Admin, view.Id, CancellationToken.None).ConfigureAwait(false);
                await session.Deleted.PurgeAsync(item.Entry.Organization, view.Id, CancellationToken.None).ConfigureAwait(false);
            }
            catch (CredentialException)
            {
                left.Add($"{item.Entry.Describe()} ({view.Id})");
            }
        }

        return left;
    }
}
