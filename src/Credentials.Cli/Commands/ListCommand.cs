using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Credentials.Cli.Commands;

/// <summary><c>credentials list</c>: the cards of one organization or of all, masked as the settings page shows them; decrypts nothing.</summary>
internal static class ListCommand
{
    public static Command Create(CommandContext context)
    {
        var org = new Option<string?>("--org") { Description = "Only this organization (default: every organization in the store)." };
        var user = new Option<string?>("--user") { Description = "This user's own credentials instead of the shared ones." };
        var allUsers = new Option<bool>("--all-users") { Description = "Shared credentials and every user's own, each with its owner." };
        var command = new Command("list", "List credential cards (masked; no secret is decrypted).") { org, user, allUsers };
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            var userId = parse.GetValue(user);
            var everyone = parse.GetValue(allUsers);
            if (userId is not null && everyone)
            {
                throw CliException.Usage("--user and --all-users cannot be combined.");
            }

            await using var session = await context.OpenAsync(parse, secrets, cancellationToken).ConfigureAwait(false);
            var organizations = parse.GetValue(org) is { } one ? [Organization(one)] : await session.Vault.ListOrganizationsAsync(cancellationToken).ConfigureAwait(false);
            var query = new CredentialQuery { OwnerUserId = userId, IncludeAllUsers = everyone, PageSize = 500 };
            var console = context.Console.Out;
            var total = 0;
            foreach (var organization in organizations)
            {
                var table = new Table().Title($"Organization {Markup.Escape(organization.Value)}").AddColumns("Key", "Name", "Type", "Category", "Secret", "Owner", "Updated", "Id");
                await foreach (var card in session.Store.ListAllAsync(new CredentialContext(organization), query, cancellationToken).ConfigureAwait(false))
                {
                    table.AddRow(
                        Markup.Escape(card.Key),
                        Markup.Escape(card.Name),
                        card.Type.ToWireName(),
                        card.Category.ToWireName(),
                        Markup.Escape(card.MaskedSummary),
                        Markup.Escape(card.OwnerUserId ?? "(shared)"),
                        card.UpdatedAt.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
                        card.Id.ToString());
                }

                total += table.Rows.Count;
                if (table.Rows.Count > 0)
                {
                    console.Write(table);
                }
            }

            console.WriteLine(total == 0 ? "No credentials." : $"{total} credential(s) in {organizations.Count} organization(s).");
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>An organization id from the command line, or a usage error saying the rule.</summary>
    public static OrganizationId Organization(string value)
    {
        try
        {
            return new OrganizationId(value);
        }
        catch (ArgumentException ex)
        {
            throw CliException.Usage($"'{value}' is not an organization id: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }
}
