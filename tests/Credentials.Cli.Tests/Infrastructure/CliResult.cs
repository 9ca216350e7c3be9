namespace Credentials.Cli.Tests.Infrastructure;

/// <summary>What one run of the tool gave: exit code, standard output and standard error.</summary>
public sealed record CliResult(int ExitCode, string Output, string Error)
{
    public string All => Output + Error;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
}
