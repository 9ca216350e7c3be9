using System.CommandLine;
using Credentials.Cli.Bundle;
using Credentials.Cli.Settings;
using Credentials.Cli.Store;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace Credentials.Cli;

/// <summary>What every command shares: the global options, the console, and one way of turning failures into exit codes.</summary>
internal sealed class CommandContext(GlobalOptions options, CliConsole console)
{
    public GlobalOptions Options { get; } = options;

    public CliConsole Console { get; } = console;

    public CliSettings Settings(ParseResult parse) => SettingsResolver.Resolve(parse, Options, Console);

    /// <summary>Resolves the settings and opens the existing store.</summary>
    public async Task<VaultSession> OpenAsync(ParseResult parse, SecretReader secrets, CancellationToken cancellationToken) =>
        await VaultSession.OpenAsync(Settings(parse), secrets, cancellationToken).ConfigureAwait(false);

    /// <summary>Sets <paramref name="action"/> as the command's action, with errors reported in plain words and mapped to exit codes.</summary>
    public void SetAction(Command command, Func<ParseResult, SecretReader, CancellationToken, Task<int>> action) =>
        command.SetAction((parse, cancellationToken) => RunAsync(() => action(parse, new SecretReader(Console), cancellationToken)));

    public void Fail(string message)
    {
        Console.Error.Write(new Text("error: ", new Style(Color.Red)));
        Console.Error.WriteLine(message);
    }

    public void Warn(string message)
    {
        Console.Error.Write(new Text("warning: ", new Style(Color.Yellow)));
        Console.Error.WriteLine(message);
    }

    private async Task<int> RunAsync(Func<Task<int>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            Fail(ex.Message);
            return ex.ExitCode;
        }
        catch (BundleException ex)
        {
            Fail(ex.Message);
            return ExitCodes.Integrity;
        }
        catch (CredentialIntegrityException ex)
        {
            Fail(ex.Message);
            return ExitCodes.Integrity;
        }
        catch (CredentialConflictException ex)
        {
            Fail(ex.Message);
            return ExitCodes.Conflict;
        }
        catch (CredentialException ex)
        {
            // Storage failures (with what to do), validation errors (fields and rules), refusals such as a retire in use.
            Fail(ex.Message);
            return ExitCodes.Failure;
        }
        catch (OptionsValidationException ex)
        {
            Fail("The settings are not valid: " + string.Join(" ", ex.Failures));
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            Fail("Cancelled.");
            return ExitCodes.Cancelled;
        }
    }
}
