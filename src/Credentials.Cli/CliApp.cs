using System.CommandLine;
using Credentials.Cli.Commands;
using Credentials.Cli.Settings;
using Spectre.Console;

namespace Credentials.Cli;

/// <summary>The command tree and the exit codes of a run.</summary>
internal static class CliApp
{
    /// <summary>Options a user might try that would put a secret in argv: refused without echoing what follows them.</summary>
    private static readonly string[] SecretOptions = ["--passphrase", "--master-key", "--password", "--bundle-passphrase", "--from-master-key", "--from-passphrase"];

    public static async Task<int> RunAsync(string[] args, CliConsole console)
    {
        ArgumentNullException.ThrowIfNull(args);
        var secretOption = args.FirstOrDefault(a => SecretOptions.Any(s => a == s || a.StartsWith(s + "=", StringComparison.Ordinal)));
        if (secretOption is not null)
        {
            var name = secretOption.Split('=')[0];
            new CommandContext(new GlobalOptions(), console).Fail(
                $"{name} is not an option: a secret on the command line is visible to other users (ps, shell history). " +
                $"Use {name}-file, {name}-stdin or the matching CREDENTIALS_ environment variable (see credentials --help).");
            return ExitCodes.Usage;
        }

        var root = Build(console);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var context = new CommandContext(new GlobalOptions(), console);
            foreach (var error in parse.Errors)
            {
                context.Fail(error.Message);
            }

            console.Error.WriteLine("Run 'credentials --help' for usage.");
            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = true }).ConfigureAwait(false);
    }

    public static RootCommand Build(CliConsole console)
    {
        var options = new GlobalOptions();
        var context = new CommandContext(options, console);
        var root = new RootCommand(
            "Operate a Credentials vault: create a store, list masked cards, rotate, rewrap and retire keys, move credentials " +
            "between stores in an encrypted bundle, verify that every credential opens, and diagnose the configuration. " +
            "Secrets are never taken on the command line: passphrases and keys come from standard input, a file or CREDENTIALS_* variables.");
        options.AddTo(root);
        root.Subcommands.Add(InitCommand.Create(context));
        root.Subcommands.Add(ListCommand.Create(context));
        root.Subcommands.Add(KeysCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(VerifyCommand.Create(context));
        root.Subcommands.Add(DoctorCommand.Create(context));
        return root;
    }
}
