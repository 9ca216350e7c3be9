using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>The SMTP check's log lines: host, port, outcome and reason only, never a user name or password.</summary>
internal static partial class Log
{
    [LoggerMessage(101, LogLevel.Information, "SMTP check of {Host}:{Port} with {Mode}: {Outcome}.", EventName = "SmtpChecked")]
    private static partial void Checked(ILogger logger, string host, int port, string mode, string outcome);

    public static void Checked(ILogger logger, string host, int port, string mode, bool succeeded) =>
        Checked(logger, host, port, mode, succeeded ? "succeeded" : "failed");

    /// <summary>The host is or resolves to a non-public address; the kind is logged for the operator, not shown in the result.</summary>
    [LoggerMessage(102, LogLevel.Warning, "SMTP check of {Host}:{Port} refused: the host resolves to a non-public address ({AddressKind}) and CredentialsOptions.AllowPrivateNetworkDestinations is not set.", EventName = "SmtpCheckRefused")]
    public static partial void Refused(ILogger logger, string host, int port, string addressKind);

    /// <summary>No SMTP session: the result reads the same for every cause, the log names the exception type.</summary>
    [LoggerMessage(103, LogLevel.Debug, "SMTP check of {Host}:{Port}: no SMTP session ({ExceptionType}).", EventName = "SmtpNoSession")]
    public static partial void NoSession(ILogger logger, string host, int port, string exceptionType);
}
