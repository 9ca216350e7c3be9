using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>The SMTP check's log lines: host, port and outcome only, never a user name or password.</summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Information, "SMTP check of {Host}:{Port} with {Mode}: {Outcome}.", EventName = "SmtpChecked")]
    private static partial void Checked(ILogger logger, string host, int port, string mode, string outcome);

    public static void Checked(ILogger logger, string host, int port, string mode, bool succeeded) =>
        Checked(logger, host, port, mode, succeeded ? "succeeded" : "failed");
}
