using System.CommandLine;
using Credentials.Cli.Settings;
using Microsoft.Data.Sqlite;
using Spectre.Console;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credentials verify</c>: opens every credential of every organization (shared and personal) as the vault would,
/// runs SQLite's <c>PRAGMA integrity_check</c>, and reports the audit chain (none is kept yet).
/// </summary>
internal static class VerifyCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("verify", "Check that every credential opens (authenticates under its key), the database's integrity (SQLite), and the audit chain when there is one.");
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

            console.WriteLine("Audit chain: not present (this store keeps no audit log).");
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
