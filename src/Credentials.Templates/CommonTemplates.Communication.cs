namespace Credentials;

internal sealed partial class CommonTemplates
{
    // Email first (the SMTP variant beside its provider's API), then SMS and chat bots.
    private static CredentialTemplate[] Communication() =>
    [
        new("gmail-smtp", "Gmail", "Gmail SMTP", "GMAIL_SMTP", CredentialType.Smtp, CredentialCategory.Communication,
            "Send mail through Gmail or Google Workspace: username = address, password = an app password.",
            Docs("https://support.google.com/accounts/answer/185833"))
        { Prefill = SmtpSubmission("smtp.gmail.com"), EnvironmentVariables = SmtpVariables },
        new("outlook-smtp", "Microsoft 365 / Outlook", "Outlook SMTP", "OUTLOOK_SMTP", CredentialType.Smtp, CredentialCategory.Communication,
            "Send mail through Microsoft 365 or Outlook.com with SMTP AUTH: username = mailbox address.",
            Docs("https://learn.microsoft.com/en-us/exchange/mail-flow-best-practices/how-to-set-up-a-multifunction-device-or-application-to-send-email-using-microsoft-365-or-office-365"))
        { Prefill = SmtpSubmission("smtp.office365.com"), EnvironmentVariables = SmtpVariables },
        new("sendgrid", "SendGrid", "SendGrid API Key", "SENDGRID_API_KEY", CredentialType.ApiToken, CredentialCategory.Communication,
            "Transactional and marketing email through the Twilio SendGrid API.",
            Docs("https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys"))
        { SecretPrefix = "SG." },
        new("sendgrid-smtp", "SendGrid", "SendGrid SMTP", "SENDGRID_SMTP", CredentialType.Smtp, CredentialCategory.Communication,
            "SendGrid SMTP relay: username is the literal apikey, password = a SendGrid API key.",
            Docs("https://www.twilio.com/docs/sendgrid/for-developers/sending-email/integrating-with-the-smtp-api"))
        { Prefill = SmtpSubmission("smtp.sendgrid.net", username: "apikey"), SecretPrefix = "SG.", EnvironmentVariables = SmtpVariables },
        new("amazon-ses-smtp", "Amazon SES", "Amazon SES SMTP", "AMAZON_SES_SMTP", CredentialType.Smtp, CredentialCategory.Communication,
            "Amazon SES SMTP credentials (not IAM keys); change the host to your SES region's endpoint.",
            Docs("https://docs.aws.amazon.com/ses/latest/dg/smtp-credentials.html"))
        { Prefill = SmtpSubmission("email-smtp.us-east-1.amazonaws.com"), EnvironmentVariables = SmtpVariables },
        new("mailgun", "Mailgun", "Mailgun API Key", "MAILGUN_API_KEY", CredentialType.ApiToken, CredentialCategory.Communication,
            "Send and track email through the Mailgun API.",
            Docs("https://help.mailgun.com/hc/en-us/articles/203380100-Where-can-I-find-my-API-keys-and-SMTP-credentials")),
        new("mailgun-smtp", "Mailgun", "Mailgun SMTP", "MAILGUN_SMTP", CredentialType.Smtp, CredentialCategory.Communication,
            "Mailgun SMTP credentials of a sending domain; EU domains use smtp.eu.mailgun.org.",
            Docs("https://help.mailgun.com/hc/en-us/articles/203380100-Where-can-I-find-my-API-keys-and-SMTP-credentials"))
        { Prefill = SmtpSubmission("smtp.mailgun.org"), EnvironmentVariables = SmtpVariables },
        new("resend", "Resend", "Resend API Key", "RESEND_API_KEY", CredentialType.ApiToken, CredentialCategory.Communication,
            "Transactional email through the Resend API.",
            Docs("https://resend.com/docs/dashboard/api-keys/introduction"))
        { SecretPrefix = "re_" },
        new("postmark", "Postmark", "Postmark Server Token", "POSTMARK_SERVER_TOKEN", CredentialType.ApiToken, CredentialCategory.Communication,
            "Server API token for sending email through Postmark.",
            Docs("https://postmarkapp.com/support/article/1008-what-are-the-account-and-server-api-tokens"))
        { HeaderName = "X-Postmark-Server-Token" },
        new("brevo", "Brevo", "Brevo API Key", "BREVO_API_KEY", CredentialType.ApiToken, CredentialCategory.Communication,
            "Email, SMS and contacts through the Brevo (formerly Sendinblue) API.",
            Docs("https://developers.brevo.com/docs/getting-started"))
        { SecretPrefix = "xkeysib-", HeaderName = "api-key" },
        new("twilio", "Twilio", "Twilio Credentials", "TWILIO_CREDENTIALS", CredentialType.KeyPair, CredentialCategory.Communication,
            "SMS, voice and WhatsApp: api_key = account SID (TWILIO_ACCOUNT_SID, AC...), api_secret = auth token (TWILIO_AUTH_TOKEN).",
            Docs("https://help.twilio.com/articles/223136027-Auth-Tokens-and-How-to-Change-Them"))
        { EnvironmentVariables = Env(("api_key", "TWILIO_ACCOUNT_SID"), ("api_secret", "TWILIO_AUTH_TOKEN")), HeaderScheme = "Basic" },
        new("vonage", "Vonage", "Vonage Credentials", "VONAGE_CREDENTIALS", CredentialType.KeyPair, CredentialCategory.Communication,
            "SMS and voice: api_key = API key (VONAGE_API_KEY), api_secret = API secret (VONAGE_API_SECRET).",
            Docs("https://developer.vonage.com/en/getting-started/concepts/authentication"))
        { EnvironmentVariables = Env(("api_key", "VONAGE_API_KEY"), ("api_secret", "VONAGE_API_SECRET")), HeaderScheme = "Basic" },
        new("discord", "Discord", "Discord Bot Token", "DISCORD_BOT_TOKEN", CredentialType.ApiToken, CredentialCategory.Communication,
            "Token of a Discord application's bot user.",
            Docs("https://discord.com/developers/docs/quick-start/getting-started"))
        { HeaderScheme = "Bot" },
        new("telegram", "Telegram", "Telegram Bot Token", "TELEGRAM_BOT_TOKEN", CredentialType.ApiToken, CredentialCategory.Communication,
            "Bot token issued by @BotFather for the Telegram Bot API.",
            Docs("https://core.telegram.org/bots/tutorial#obtain-your-bot-token")),
        new("slack-webhook", "Slack incoming webhook", "Slack Webhook URL", "SLACK_WEBHOOK_URL", CredentialType.ApiToken, CredentialCategory.Communication,
            "Incoming webhook URL that posts messages to one Slack channel; the URL itself is the secret.",
            Docs("https://api.slack.com/messaging/webhooks"))
        { SecretPrefix = "https://hooks.slack.com/" },
    ];
}
