namespace Credentials;

/// <summary>SMTP rules: a real host and port, a known encryption mode; unusual port and encryption pairs only warn.</summary>
internal static class SmtpRules
{
    public const int ImplicitTlsPort = 465;
    public const int SubmissionPort = 587;
    public const int RelayPort = 25;

    private static readonly int[] UsualPorts = [RelayPort, ImplicitTlsPort, SubmissionPort, 2525];

    public static void Check(Smtp smtp, List<CredentialValidationError> errors, List<CredentialValidationWarning> warnings)
    {
        if (!string.IsNullOrEmpty(smtp.Host))
        {
            if (TokenRules.HasEdgeWhitespaceOrLineBreak(smtp.Host))
            {
                CredentialValidator.AddError(errors, "host", TokenRules.WhitespaceRule);
            }
            else if (!HostNames.IsValid(smtp.Host))
            {
                CredentialValidator.AddError(errors, "host", HostNames.Rule);
            }
        }

        var portOk = smtp.Port is >= CredentialValidator.MinPort and <= CredentialValidator.MaxPort;
        if (!portOk)
        {
            CredentialValidator.AddError(errors, "port", $"must be a whole number from {CredentialValidator.MinPort} to {CredentialValidator.MaxPort}");
        }

        var encryptionOk = Enum.IsDefined(smtp.Encryption);
        if (!encryptionOk)
        {
            CredentialValidator.AddError(errors, "encryption", "must be one of " + string.Join(", ", CredentialWireNames.SmtpEncryptions));
        }

        if (!string.IsNullOrEmpty(smtp.Username) && CredentialValidator.HasControlCharacters(smtp.Username))
        {
            CredentialValidator.AddError(errors, "username", "must not contain control characters or line breaks");
        }

        if (portOk && encryptionOk)
        {
            Warn(smtp, warnings);
        }
    }

    private static void Warn(Smtp smtp, List<CredentialValidationWarning> warnings)
    {
        var encryption = smtp.Encryption.ToWireName();
        if (smtp.Port == ImplicitTlsPort && smtp.Encryption != SmtpEncryption.SslTls)
        {
            warnings.Add(new("encryption", $"is {encryption} but port 465 expects ssl_tls (TLS from the first byte); the connection will usually hang or fail"));
        }
        else if (smtp.Port is SubmissionPort or RelayPort && smtp.Encryption == SmtpEncryption.SslTls)
        {
            warnings.Add(new("encryption", $"is ssl_tls but port {smtp.Port} expects starttls; use port 465 for ssl_tls"));
        }

        if (smtp.Encryption == SmtpEncryption.None && !string.IsNullOrEmpty(smtp.Password))
        {
            warnings.Add(new("encryption", $"is none, so the password travels in clear text{(smtp.Port is RelayPort or SubmissionPort ? $" on port {smtp.Port}" : string.Empty)}; use starttls (port 587) or ssl_tls (port 465)"));
        }

        if (!string.IsNullOrEmpty(smtp.Password) && string.IsNullOrEmpty(smtp.Username))
        {
            warnings.Add(new("username", "is empty, so the password is never sent: SMTP authentication needs a user name"));
        }

        if (!UsualPorts.Contains(smtp.Port))
        {
            warnings.Add(new("port", $"is not a usual SMTP port ({string.Join(", ", UsualPorts)}); check it with your provider"));
        }
    }
}
