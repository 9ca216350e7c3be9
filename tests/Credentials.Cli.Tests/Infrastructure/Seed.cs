namespace Credentials.Cli.Tests.Infrastructure;

/// <summary>
/// A store's worth of credentials across two organizations: every type that needs no external tool, a template one,
/// shared and personal (two users with the same key as the organization's), each value a unique marker.
/// </summary>
public static class Seed
{
    public static async Task<IReadOnlyList<string>> FillAsync(TestVault vault)
    {
        var markers = new List<string>();
        string M(string what)
        {
            var marker = Markers.New(what);
            markers.Add(marker);
            return marker;
        }

        var acme = new OrganizationId("acme");
        var globex = new OrganizationId("globex");
        var store = vault.Store;
        await store.CreateFromTemplateAsync(acme, "openai", new ApiToken("sk-" + M("openai")));
        await store.CreateAsync(acme, new NewCredential("Payments", "PAYMENTS_KEYS", CredentialCategory.Custom, new KeyPair(M("api-key"), M("api-secret"))));
        await store.CreateAsync(acme, new NewCredential("Database", "DB_LOGIN", CredentialCategory.Custom, new UsernamePassword("app", M("db-password"))));
        await store.CreateAsync(acme, new NewCredential("Mail", "SMTP_MAIN", CredentialCategory.Communication, new Smtp("smtp.example.com", 587, "mailer", M("smtp-password"), SmtpEncryption.StartTls)));
        await store.CreateAsync(acme, new NewCredential("Partner OAuth", "PARTNER_OAUTH", CredentialCategory.Custom, new OAuth2("client-1", M("client-secret"), M("access-token"), M("refresh-token"))));
        await store.CreateAsync(acme, new NewCredential("Billing", "BILLING_API", CredentialCategory.Custom, Custom.Parse($$"""{"endpoint":"https://billing.example.com","signing_key":"{{M("signing-key")}}"}""")));
        await store.CreateFromTemplateAsync(new CredentialContext(acme, "alice"), "github", new ApiToken("ghp_" + M("alice-github")), ownership: CredentialOwnership.User);
        await store.CreateFromTemplateAsync(acme, "github", new ApiToken("ghp_" + M("acme-github")));
        await store.CreateAsync(new CredentialContext(acme, "bob"), new NewCredential("Bob's token", "GITHUB_TOKEN", CredentialCategory.Custom, new ApiToken(M("bob-github"))) { OwnerUserId = "bob" });
        await store.CreateAsync(globex, new NewCredential("Globex token", "GLOBEX_TOKEN", CredentialCategory.Custom, new ApiToken(M("globex-token"))));
        await store.CreateFromTemplateAsync(globex, "openai", new ApiToken("sk-" + M("globex-openai")));
        return markers;
    }
}
