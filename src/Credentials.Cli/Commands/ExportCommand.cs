using System.CommandLine;
using Credentials.Cli.Bundle;
using Credentials.Cli.Store;
using Spectre.Console;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credentials export</c>: every credential (or those of some organizations) into one encrypted bundle. Values are
/// resolved one at a time into a buffer that is wiped after sealing; only the sealed file reaches the disk.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(CommandContext context)
    {
        var output = new Option<FileInfo>("--out", "-o") { Description = "The bundle file to write (mode 0600).", Required = true };
        var orgs = new Option<string[]>("--org") { Description = "Only these organizations (repeat the option); default: every organization.", AllowMultipleArgumentsPerToken = false };
        var force = new Option<bool>("--force") { Description = "Replace the file if it exists." };
        var passphrase = new BundlePassphraseOptions();
        var command = new Command("export", "Write credentials with their values into an encrypted bundle (Argon2id + AES-256-GCM), for `credentials import` into another store.") { output, orgs, force };
        passphrase.AddTo(command);
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            var target = parse.GetValue(output)!;
            if (target.Exists && !parse.GetValue(force))
            {
                throw CliException.Usage($"{target.FullName} already exists; choose another file or add --force to replace it.");
            }

            var bundlePassphrase = passphrase.Read(parse, context.Console, secrets);
            await using var session = await context.OpenAsync(parse, secrets, cancellationToken).ConfigureAwait(false);
            var organizations = parse.GetValue(orgs) is { Length: > 0 } chosen
                ? chosen.Distinct(StringComparer.Ordinal).Select(ListCommand.Organization).ToArray()
                : await session.Vault.ListOrganizationsAsync(cancellationToken).ConfigureAwait(false);

            using var buffer = new ZeroingBufferWriter();
            var count = 0;
            await using (var writer = BundlePayload.Begin(buffer, DateTimeOffset.UtcNow))
            {
                foreach (var organization in organizations)
                {
                    await foreach (var entry in ExportReader.ReadAsync(session, organization, cancellationToken).ConfigureAwait(false))
                    {
                        BundlePayload.WriteEntry(writer, entry);
                        count++;
                    }
                }

                BundlePayload.End(writer);
            }

            var cost = BundleKdfCost.Default;
            var file = BundleCipher.Seal(buffer.WrittenSpan, bundlePassphrase, cost);
            BundleFile.Write(target.FullName, file, parse.GetValue(force));
            context.Console.Out.WriteLine(
                $"Exported {count} credential(s) from {organizations.Count} organization(s) to {target.FullName} " +
                $"({file.Length:N0} bytes; Argon2id {cost.MemoryKib / 1024} MiB, {cost.Iterations} passes, {cost.Parallelism} lanes; AES-256-GCM).");
            context.Console.Out.WriteLine("Keep the passphrase apart from the file: together they open every exported credential.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
