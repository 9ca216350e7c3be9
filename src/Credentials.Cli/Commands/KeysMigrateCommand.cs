using System.CommandLine;
using System.Globalization;
using Credentials.Cli.Output;
using Credentials.Cli.Settings;
using Credentials.Cli.Store;
using Spectre.Console;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credentials keys migrate --from key-file|master-key</c>: moves the store to the key provider of its usual settings
/// (<c>MigrateKeysFrom</c> keeps the previous one readable), rewraps everything under the new primary key and retires the
/// previous provider's keys (<see cref="ICredentialKeyMigration"/>). Resumable: run it again after an interruption.
/// </summary>
internal static class KeysMigrateCommand
{
    public static Command Create(CommandContext context)
    {
        var from = new MigrationSourceOptions();
        var progress = new Option<ProgressMode>("--progress")
        {
            Description = "How to show progress: auto (a live bar on a terminal, lines otherwise), bar, plain, none.",
            DefaultValueFactory = _ => ProgressMode.Auto,
        };
        var command = new Command(
            "migrate",
            "Move the store to a new key provider (the usual key setting: a passphrase or a master key) from the one it was created with (--from key-file " +
            "or master-key): rewrap every credential under the new key, then retire the previous keys. Payloads are never decrypted; run it again after an interruption.");
        from.AddTo(command);
        command.Options.Add(progress);
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            var settings = context.Settings(parse);
            var previous = from.Resolve(parse, context.Console, settings.Keys);
            await using var session = await VaultSession.OpenForMigrationAsync(settings, previous, secrets, cancellationToken).ConfigureAwait(false);
            var console = context.Console.Out;
            console.WriteLine($"Migrating the {settings.Store.Describe()} from the {previous.Describe()} to the {settings.Keys.Describe()}.");
            var result = await RewrapProgressView.RunAsync(
                context.Console,
                parse.GetValue(progress),
                reporter => session.Migration.MigrateAsync(reporter, cancellationToken)).ConfigureAwait(false);

            console.WriteLine(KeysCommand.RewrapSummary(result.Rewrap));
            console.WriteLine(result.RetiredKeyIds.Count == 0
                ? "Retired no key now."
                : $"Retired {result.RetiredKeyIds.Count} key(s) of the previous provider: {string.Join(", ", result.RetiredKeyIds)}.");
            if (result.Rewrap.Failed > 0)
            {
                context.Fail(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{result.Rewrap.Failed:N0} credential(s) could not be opened (tampered, or under a missing or retired key) and keep their key in use; " +
                    $"`credentials verify` lists them. Purge or restore them, then run `credentials keys migrate` again."));
                return ExitCodes.Integrity;
            }

            if (!result.IsComplete)
            {
                var left = result.PreviousKeys.Where(k => !k.IsRetired).Select(k => string.Create(CultureInfo.InvariantCulture, $"{k.Id} wraps {k.WrappedCount:N0}"));
                context.Fail(
                    $"The migration is not complete: {string.Join(", ", left)} (credentials that changed during the run). " +
                    "Run `credentials keys migrate` again with the same settings.");
                return ExitCodes.Incomplete;
            }

            console.WriteLine($"Migration complete: every key of the previous provider is retired, and the store opens with the {settings.Keys.Describe()} alone.");
            console.WriteLine(previous.Kind == KeyProviderKind.KeyFile
                ? $"From now on run without --from, and delete the key file {previous.KeyFilePath} (keep a copy only beside database backups made before the migration: it opens those)."
                : "From now on run without --from; keep the previous master key only as long as database backups made before the migration.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
