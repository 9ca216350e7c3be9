using System.CommandLine;
using Credentials.Cli.Bundle;
using Spectre.Console;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credentials import</c>: authenticates the whole bundle (a wrong passphrase, a truncated or an edited file is refused
/// before anything is read), plans every credential against the target (conflicts stop the import before any write),
/// then re-seals each under the target's keys through the vault. Ids are kept where free; owners are kept.
/// </summary>
internal static class ImportCommand
{
    public static Command Create(CommandContext context)
    {
        var bundle = new Argument<FileInfo>("bundle") { Description = "The bundle written by `credentials export`." };
        var orgs = new Option<string[]>("--org") { Description = "Only these organizations of the bundle (repeat the option); default: all of them." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Authenticate the bundle and report what would be imported and any conflict; write nothing." };
        var passphrase = new BundlePassphraseOptions();
        var command = new Command("import", "Import an encrypted bundle into this store, re-sealed under this store's keys. Conflicts are reported and nothing is imported.") { bundle, orgs, dryRun };
        passphrase.AddTo(command);
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            var path = parse.GetValue(bundle)!.FullName;
            var bundlePassphrase = passphrase.Read(parse, context.Console, secrets);
            IReadOnlyList<BundleEntry> entries;
            try
            {
                var payload = BundleCipher.Open(BundleFile.Read(path), bundlePassphrase);
                try
                {
                    entries = BundlePayload.Read(payload);
                }
                finally
                {
                    System.Security.Cryptography.CryptographicOperations.ZeroMemory(payload);
                }
            }
            catch (BundleException ex)
            {
                throw new CliException($"{ex.Message} Nothing was imported.", ExitCodes.Integrity, ex);
            }

            if (parse.GetValue(orgs) is { Length: > 0 } chosen)
            {
                var only = chosen.Select(ListCommand.Organization).ToHashSet();
                entries = entries.Where(e => only.Contains(e.Organization)).ToArray();
            }

            await using var session = await context.OpenAsync(parse, secrets, cancellationToken).ConfigureAwait(false);
            var items = await ImportPlanner.PlanAsync(session, entries, cancellationToken).ConfigureAwait(false);
            var conflicts = items.Where(i => i.Action == ImportAction.Conflict).ToArray();
            var identical = items.Count(i => i.Action == ImportAction.Identical);
            var toCreate = items.Count(i => i.Action == ImportAction.Create);
            if (conflicts.Length > 0)
            {
                var table = new Table().Title("Conflicts").AddColumns("Organization", "Owner", "Key", "In the bundle", "In this store");
                foreach (var conflict in conflicts)
                {
                    table.AddRow(
                        Markup.Escape(conflict.Entry.Organization.Value),
                        Markup.Escape(conflict.Entry.OwnerUserId ?? "(shared)"),
                        Markup.Escape(conflict.Entry.Key),
                        Markup.Escape($"{conflict.Entry.Name} ({conflict.Entry.Secret.Type.ToWireName()})"),
                        Markup.Escape($"{conflict.Existing!.Name} ({conflict.Existing.Type.ToWireName()}, id {conflict.Existing.Id})"));
                }

                context.Console.Error.Write(table);
                throw new CliException(
                    $"{conflicts.Length} credential(s) of the bundle already exist in this store with other contents (same owner and key). Nothing was imported. " +
                    "Delete or rename them here, or import the other organizations only (--org).",
                    ExitCodes.Conflict);
            }

            if (parse.GetValue(dryRun))
            {
                context.Console.Out.WriteLine($"Dry run: {toCreate} credential(s) would be imported; {identical} already present and identical. Nothing was written.");
                return ExitCodes.Ok;
            }

            var created = await ImportWriter.WriteAsync(session, items, cancellationToken).ConfigureAwait(false);
            var remapped = created.Where(c => c.Created.Id != c.Item.Entry.Id).ToArray();
            foreach (var (item, view) in remapped)
            {
                context.Console.Out.WriteLine($"New id for {item.Entry.Describe()}: {item.Entry.Id} is taken here, now {view.Id}.");
            }

            context.Console.Out.WriteLine(
                $"Imported {created.Count} credential(s) ({created.Count - remapped.Length} with their ids, {remapped.Length} under new ids); " +
                $"{identical} already present and identical.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
