using System.CommandLine;
using System.Globalization;
using Credentials.Cli.Output;
using Spectre.Console;

namespace Credentials.Cli.Commands;

/// <summary>
/// <c>credentials keys list|rotate|rewrap|retire|migrate</c>: the key-encryption keys, through <see cref="ICredentialKeyManager"/>
/// (and <see cref="ICredentialKeyMigration"/> for migrate).
/// </summary>
internal static class KeysCommand
{
    public static Command Create(CommandContext context)
    {
        var keys = new Command("keys", "Manage the key-encryption keys: list, rotate to a new primary, rewrap credentials under it, retire old keys, migrate to another key provider.");
        keys.Subcommands.Add(List(context));
        keys.Subcommands.Add(Rotate(context));
        keys.Subcommands.Add(Rewrap(context));
        keys.Subcommands.Add(Retire(context));
        keys.Subcommands.Add(KeysMigrateCommand.Create(context));
        return keys;
    }

    /// <summary>One line: how many were rewrapped under which key, how fast, and what was left.</summary>
    public static string RewrapSummary(RewrapResult result)
    {
        var seconds = Math.Max(result.Duration.TotalSeconds, 0.001);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Rewrapped {result.Rewrapped:N0} credential(s) under {result.PrimaryKeyId} in {result.Duration.TotalSeconds:N2} s ({result.Rewrapped / seconds:N0}/s); " +
            $"changed meanwhile {result.Conflicts:N0}, failed {result.Failed:N0}, remaining {result.Remaining:N0}.");
    }

    private static Command List(CommandContext context)
    {
        var command = new Command("list", "List the keys: id, created, primary, retired, and how many credentials each wraps (never key material).");
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            await using var session = await context.OpenAsync(parse, secrets, cancellationToken).ConfigureAwait(false);
            var table = new Table().AddColumns("Id", "Created", "Primary", "Retired", "Credentials");
            foreach (var key in await session.Keys.ListKeysAsync(cancellationToken).ConfigureAwait(false))
            {
                table.AddRow(
                    Markup.Escape(key.Id),
                    key.CreatedAt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    key.IsPrimary ? "yes" : string.Empty,
                    key.IsRetired ? "retired" : string.Empty,
                    key.WrappedCount.ToString("N0", CultureInfo.InvariantCulture));
            }

            context.Console.Out.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rotate(CommandContext context)
    {
        var command = new Command("rotate", "Create a new primary key (old keys stay for opening). Then run `credentials keys rewrap`.");
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            await using var session = await context.OpenAsync(parse, secrets, cancellationToken).ConfigureAwait(false);
            var key = await session.Keys.RotateAsync(cancellationToken).ConfigureAwait(false);
            context.Console.Out.WriteLine($"New primary key {key.Id}. New writes use it now; run `credentials keys rewrap` to move existing credentials under it.");
            if (session.Settings.Keys.Kind == Settings.KeyProviderKind.KeyFile)
            {
                context.Console.Out.WriteLine($"Back up the key file {session.Settings.Keys.KeyFilePath} again: it holds the new key.");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Rewrap(CommandContext context)
    {
        var progress = new Option<ProgressMode>("--progress")
        {
            Description = "How to show progress: auto (a live bar on a terminal, lines otherwise), bar, plain, none.",
            DefaultValueFactory = _ => ProgressMode.Auto,
        };
        var command = new Command("rewrap", "Move every credential's data key under the primary key (payloads are never decrypted). Resumable: run it again after an interruption.") { progress };
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            await using var session = await context.OpenAsync(parse, secrets, cancellationToken).ConfigureAwait(false);
            var result = await RewrapProgressView.RunAsync(
                context.Console,
                parse.GetValue(progress),
                reporter => session.Keys.RewrapAsync(reporter, cancellationToken)).ConfigureAwait(false);
            context.Console.Out.WriteLine(RewrapSummary(result));
            if (result.Failed > 0)
            {
                context.Fail($"{result.Failed:N0} credential(s) could not be opened (tampered, or under a missing or retired key); `credentials verify` lists them.");
                return ExitCodes.Integrity;
            }

            if (result.Remaining > 0)
            {
                context.Fail($"{result.Remaining:N0} credential(s) are still under older keys (they changed during the run); run `credentials keys rewrap` again.");
                return ExitCodes.Failure;
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Retire(CommandContext context)
    {
        var keyId = new Argument<string>("key-id") { Description = "The key to retire (see `credentials keys list`)." };
        var command = new Command("retire", "Retire a key nothing is wrapped under any more: from then on nothing opens or is written with it. One-way.") { keyId };
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            await using var session = await context.OpenAsync(parse, secrets, cancellationToken).ConfigureAwait(false);
            var id = parse.GetValue(keyId)!;
            await session.Keys.RetireAsync(id, cancellationToken).ConfigureAwait(false);
            context.Console.Out.WriteLine($"Retired key {id}.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
