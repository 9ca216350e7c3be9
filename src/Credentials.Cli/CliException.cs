namespace Credentials.Cli;

/// <summary>A failure the tool reports in plain words with its exit code. The message never carries a secret.</summary>
internal sealed class CliException : Exception
{
    public CliException(string message, int exitCode = ExitCodes.Failure)
        : base(message) => ExitCode = exitCode;

    public CliException(string message, int exitCode, Exception innerException)
        : base(message, innerException) => ExitCode = exitCode;

    public CliException()
        : this("The command failed.")
    {
    }

    public CliException(string message, Exception innerException)
        : this(message, ExitCodes.Failure, innerException)
    {
    }

    public int ExitCode { get; }

    public static CliException Usage(string message) => new(message, ExitCodes.Usage);
}
