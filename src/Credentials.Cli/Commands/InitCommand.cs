using System.CommandLine;
using Credentials.Cli.Settings;
using Credentials.Cli.Store;
using Spectre.Console;

namespace Credentials.Cli.Commands;

/// <summary><c>credentials init</c>: creates the store (schema) and its key (a key file, 0600, or a passphrase ring), or checks an existing one.</summary>
internal static class InitCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("init", "Create the store and its key (a new key file, or a key ring protected by the passphrase), or check that an existing one opens.");
        context.SetAction(command, async (parse, secrets, cancellationToken) =>
        {
            var settings = context.Settings(parse);
            var version = await StoreProbe.ReadSchemaVersionAsync(settings.Store, cancellationToken).ConfigureAwait(false);
            var keyFileExisted = settings.Keys.Kind != KeyProviderKind.KeyFile || File.Exists(settings.Keys.KeyFilePath);
            if (version > 0 && !keyFileExisted)
            {
                throw new CliException(
                    $"The {settings.Store.Describe()} already exists, but the key file {settings.Keys.KeyFilePath} does not: a new key could not open it. " +
                    "Restore the key file from your backup, or point --key-file at it.");
            }

            await using var session = await VaultSession.OpenAsync(settings, secrets, create: true, cancellationToken).ConfigureAwait(false);
            var keys = await session.Keys.ListKeysAsync(cancellationToken).ConfigureAwait(false);
            var primary = keys.First(k => k.IsPrimary);
            var console = context.Console.Out;
            console.WriteLine(version == 0 ? $"Created the store: {settings.Store.Describe()}" : $"The store already exists: {settings.Store.Describe()}");
            console.WriteLine(keyFileExisted ? $"Key provider: {settings.Keys.Describe()}" : $"Created the key file {settings.Keys.KeyFilePath} (mode 0600). Back it up away from the database: without it nothing can be opened.");
            console.WriteLine($"Primary key: {primary.Id}; {keys.Sum(k => k.WrappedCount)} credential(s) stored.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
