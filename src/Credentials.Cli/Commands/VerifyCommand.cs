using System.CommandLine;
using System.Globalization;
using Credentials.Cli.Settings;
using Credentials.Cli.Store;
using Microsoft.Data.Sqlite;
using Spectre.Console;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credentials verify</c>: opens every credential of every organization (shared and personal) as the vault would,
/// runs SQLite's <c>PRAGMA integrity_check</c>, and verifies every audit chain (each organization's and the store-wide
/// one) with <see cref="ICredentialAudit"/>, reporting the first broken record of each by organization and position.
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("verify", "Check that every credential opens (authenticates under its key), the database's integrity (SQLite), and every audit chain (each organization's and the store-wide one): a broken one is reported by organization and position.");
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            await using var session = await context.OpenAsync(parse, secrets, cancellationToken).ConfigureAwait(false);
            var console = context.Console.Out;
            var ok = true;

            if (session.Settings.Store.Kind == StoreKind.Sqlite)
            {
                var problems = IntegrityCheck(session.Settings.Store.ConnectionString);
                ok &= problems.Count == 0;
                console.WriteLine(problems.Count == 0
                    ? "Database: PRAGMA integrity_check ok."
                    : $"Database: PRAGMA integrity_check found {problems.Count} problem(s): {string.Join("; ", problems.Take(10))}");
            }
            else
            {
                console.WriteLine("Database: PostgreSQL checks its own pages (no integrity_check); the credentials are checked below.");
            }

            var organizations = await session.Vault.ListOrganizationsAsync(cancellationToken).ConfigureAwait(false);
            var failed = new Table().Title("Credentials that do not open").AddColumns("Organization", "Owner", "Key", "Id", "Reason");
            var opened = 0;
            foreach (var organization in organizations)
            {
                var admin = new CredentialContext(organization);
                var query = new CredentialQuery { IncludeAllUsers = true, PageSize = 500 };
                await foreach (var card in session.Store.ListAllAsync(admin, query, cancellationToken).ConfigureAwait(false))
                {
                    try
                    {
                        // The edit form opens the envelope (unwrap, AES-GCM, associated data) and returns no secret.
                        await session.Store.GetForEditAsync(admin, card.Id, cancellationToken).ConfigureAwait(false);
                        opened++;
                    }
                    catch (CredentialIntegrityException ex)
                    {
                        failed.AddRow(Markup.Escape(organization.Value), Markup.Escape(card.OwnerUserId ?? "(shared)"), Markup.Escape(card.Key), card.Id.ToString(), Markup.Escape(ex.Message));
                    }
                    catch (CredentialNotFoundException)
                    {
                        // Deleted while the check ran.
                    }
                }
            }

            var total = opened + failed.Rows.Count;
            console.WriteLine($"Credentials: {opened} of {total} open, in {organizations.Count} organization(s).");
            if (failed.Rows.Count > 0)
            {
                ok = false;
                console.Write(failed);
            }

            ok &= await VerifyAuditAsync(context, session, organizations, cancellationToken).ConfigureAwait(false);
            if (!ok)
            {
                context.Fail("Verification failed: see above.");
                return ExitCodes.Integrity;
            }

            console.WriteLine("Verified.");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Verifies the chain of every organization that has credentials or audit records, and the store-wide chain.</summary>
    private static async Task<bool> VerifyAuditAsync(CommandContext context, VaultSession session, IReadOnlyList<OrganizationId> organizations, CancellationToken cancellationToken)
    {
        var console = context.Console.Out;
        var recorded = await AuditChains.ListAsync(session.Settings.Store, cancellationToken).ConfigureAwait(false);
        if (recorded.Count == 0)
        {
            console.WriteLine("Audit chain: no records yet.");
            return true;
        }

        var chains = new SortedSet<string>(recorded, StringComparer.Ordinal);
        chains.UnionWith(organizations.Select(o => o.Value));
        var breaks = new List<string>();
        var verified = 0;
        foreach (var chain in chains)
        {
            var name = chain.Length == 0 ? "the store-wide chain (keys, rewrap runs)" : $"organization {chain}";
            AuditBreak? broken;
            try
            {
                broken = chain.Length == 0
                    ? await session.Audit.VerifyStoreAsync(cancellationToken).ConfigureAwait(false)
                    : await session.Audit.VerifyAsync(new OrganizationId(chain), cancellationToken).ConfigureAwait(false);
            }
            catch (ArgumentException)
            {
                // An organization id the vault never writes (blank): a row was written or edited outside the vault.
                breaks.Add($"an audit chain under a blank organization id ('{chain}'): its records were written or edited outside the vault");
                continue;
            }
            catch (CredentialIntegrityException ex)
            {
                breaks.Add($"{name}: the audit key does not open ({ex.Message})");
                continue;
            }

            if (broken is null)
            {
                verified++;
                continue;
            }

            var position = broken.Sequence.ToString(CultureInfo.InvariantCulture);
            breaks.Add(broken.Kind == AuditBreakKind.Missing
                ? $"{name}: record {position} is missing (deleted)"
                : $"{name}: record {position} was altered (edited, moved from another position or chain, or forged)");
        }

        if (breaks.Count == 0)
        {
            console.WriteLine($"Audit chain: intact ({verified} chain(s): {Describe(chains)}).");
            return true;
        }

        console.WriteLine($"Audit chain: {breaks.Count} of {chains.Count} chain(s) broken; each is reported at its first broken record (records after it are not trusted):");
        foreach (var line in breaks)
        {
            console.WriteLine("  " + line);
        }

        return false;
    }

    private static string Describe(IEnumerable<string> chains)
    {
        var list = chains.ToList();
        var organizations = list.Where(c => c.Length > 0).ToList();
        var parts = new List<string>();
        if (organizations.Count > 0)
        {
            parts.Add($"{organizations.Count} organization(s)");
        }

        if (list.Count > organizations.Count)
        {
            parts.Add("the store-wide chain");
        }

        return string.Join(" and ", parts);
    }

    private static List<string> IntegrityCheck(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly, Pooling = false };
        using var connection = new SqliteConnection(builder.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        using var reader = command.ExecuteReader();
        var rows = new List<string>();
        while (reader.Read())
        {
            rows.Add(reader.GetString(0));
        }

        return rows is ["ok"] ? [] : rows;
    }
}
