// The seed's "Add a Credential" flow as a console program, on the embedded default: a SQLite file and a local key
// file in the working directory. It never prints a secret: only cards, masks and the edit form's "value stored" flags.
using Credentials;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var services = new ServiceCollection()
    .AddLogging(logging => logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning));
services.AddCredentials().AddCommonTemplates();
await using var provider = services.BuildServiceProvider();

var store = provider.GetRequiredService<ICredentialStore>();
var resolver = provider.GetRequiredService<ICredentialResolver>();
var assignments = provider.GetRequiredService<ICredentialAssignments>();
var deleted = provider.GetRequiredService<IDeletedCredentials>();
var catalog = provider.GetRequiredService<ICredentialTemplateCatalog>();
var org = new OrganizationId("acme");

await RemoveLeftoversAsync();

// 1. The "Common Credentials" section: curated templates, grouped as the settings page shows them.
Console.WriteLine($"Common credentials ({catalog.All.Count} templates), a few per category:");
foreach (var category in Enum.GetValues<CredentialCategory>())
{
    var few = catalog.ByCategory(category).Take(4).Select(t => $"{t.Service} ({t.Key})").ToList();
    if (few.Count == 0)
    {
        continue;
    }

    Console.WriteLine($"  {category.ToWireName(),-14} {string.Join(", ", few)}");
}

// 2a. Option A: click a template card, then fill in only the secret.
var openAi = await store.CreateFromTemplateAsync(org, "openai", new ApiToken("sk-proj-quickstart-demo-token-a1b2"));
Console.WriteLine($"\nCreated from template: {Card(openAi)}");

// 2b. Option B: "Add your own" with every field chosen by hand.
var custom = await store.CreateAsync(org, new NewCredential(
    "Internal billing API", "BILLING_API", CredentialCategory.Custom,
    Custom.Parse("""{"endpoint":"https://billing.internal","client":"quickstart","signing_key":"demo-signing-key"}""")));
Console.WriteLine($"Created custom credential: {Card(custom)}");

// 5. The credentials index: cards with masked summaries, never a secret.
Console.WriteLine("\nCredential cards:");
foreach (var card in (await store.ListAsync(org)).Items)
{
    Console.WriteLine($"  {Card(card)}");
}

// Edit: secret fields are never pre-filled; leaving one blank keeps the stored value.
var form = await store.GetForEditAsync(org, openAi.Id);
Console.WriteLine($"\nEdit form for {form.Key}:");
foreach (var field in form.Fields)
{
    Console.WriteLine($"  {field.Schema.Label}: {(field.IsSecret ? $"(empty; value stored: {field.HasStoredValue})" : field.Value)}");
}

var before = await resolver.ResolveAsync<ApiToken>(org, "OPENAI_API_KEY");
var edited = await store.UpdateAsync(org, openAi.Id, new CredentialUpdate
{
    Name = "OpenAI Production Key",
    Secret = new ApiToken(Token: ""),          // blank: keep the stored token
    ExpectedVersion = form.Version,
});
var after = await resolver.ResolveAsync<ApiToken>(org, "OPENAI_API_KEY");
Console.WriteLine($"Renamed with the token left blank: {Card(edited)}; token kept: {before.Token == after.Token}");

// Tool authors: resolve by key at run time.
var token = await resolver.ResolveAsync<ApiToken>(org, "OPENAI_API_KEY");
Console.WriteLine($"\nA tool resolved OPENAI_API_KEY: {token} (length hidden; the tool now holds the value)");

// Personal credentials: "my GitHub token" beside the organization's shared one. A tool acting for a user says whose
// credential it may use, every time; nothing silently falls back to the organization's identity.
var alice = new CredentialContext(org, UserId: "alice");
var bob = new CredentialContext(org, UserId: "bob");
var sharedGitHub = await store.CreateFromTemplateAsync(org, "github", new ApiToken("ghp_quickstart_organization_token_0001"));
var alicesGitHub = await store.CreateFromTemplateAsync(alice, "github", new ApiToken("ghp_quickstart_alice_token_000000002"), ownership: CredentialOwnership.User);
Console.WriteLine($"\nShared: {Card(sharedGitHub)}\nAlice's own: {Card(alicesGitHub)} (owner {alicesGitHub.OwnerUserId})");
var forAlice = await resolver.ResolveAsync<ApiToken>(alice, "GITHUB_TOKEN", ResolveScope.User);
Console.WriteLine($"A tool acting for alice (scope User) got her own token: {forAlice.Token == "ghp_quickstart_alice_token_000000002"}");
try
{
    await resolver.ResolveAsync<ApiToken>(bob, "GITHUB_TOKEN", ResolveScope.User);
}
catch (CredentialConnectionRequiredException ex)
{
    Console.WriteLine($"A tool acting for bob (scope User): connect required -> show \"Connect your {ex.TemplateId} account\" to {ex.UserId}");
}

var forBob = await resolver.ResolveAsync<ApiToken>(bob, "GITHUB_TOKEN", ResolveScope.UserThenOrganization);
Console.WriteLine($"Scope UserThenOrganization for bob falls back to the shared token, as asked: {forBob.Token == "ghp_quickstart_organization_token_0001"}");
Console.WriteLine($"Bob sees alice's card: {await store.GetAsync(bob, alicesGitHub.Id) is not null}; " +
    $"the administrator's listing (IncludeAllUsers) shows {(await store.ListAsync(org, new CredentialQuery { IncludeAllUsers = true })).Items.Count(c => c.Key == "GITHUB_TOKEN")} GITHUB_TOKEN cards");
await store.DeleteAsync(alice, alicesGitHub.Id);
await store.DeleteAsync(org, sharedGitHub.Id);

// 6. Assign: the consumers' edit forms link the credential (two LLM configurations and a skill).
await assignments.AssignAsync(org, openAi.Id, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-prod-chat", "Prod chat"));
await assignments.AssignAsync(org, openAi.Id, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-support-bot", "Support bot"));
await assignments.AssignAsync(org, openAi.Id, new ConsumerRef(ConsumerKind.Skill, "skill-research", "Research"));
var usedBy = await assignments.ListConsumersAsync(org, openAi.Id);
Console.WriteLine($"\n{edited.Key} is used by {usedBy.Count}: {string.Join(", ", usedBy.Select(c => $"{c.DisplayName} ({c.Kind.Singular})"))}");

// 7. Delete: the confirmation lists every affected consumer before anything happens.
foreach (var card in new[] { edited, custom })
{
    var impact = await store.PreviewDeleteAsync(org, card.Id);
    Console.WriteLine($"\nDelete '{card.Name}'? {impact.Summary}");
    foreach (var affected in impact.Consumers)
    {
        Console.WriteLine($"  {affected.Consumer.DisplayName} ({affected.Consumer.Kind.Singular}): {affected.Effect.ToString().ToLowerInvariant()}");
    }

    var applied = await store.DeleteAsync(org, card.Id);
    Console.WriteLine($"Deleted. {applied.Summary}");
}

// Deleted credentials are kept (sealed) for the retention period: they can be recovered, with their assignments, or purged.
Console.WriteLine($"\nCards left: {(await store.ListAsync(org)).Items.Count}; recently deleted: " +
    string.Join(", ", (await deleted.ListAsync(org)).Select(d => $"{d.Credential.Key} (until {d.ScheduledPurgeAt:yyyy-MM-dd})")));
var recovered = await deleted.RecoverAsync(org, openAi.Id);
Console.WriteLine($"Recovered {recovered.Key}: used by {(await assignments.ListConsumersAsync(org, recovered.Id)).Count} again, resolves: {await resolver.TryResolveAsync(org, recovered.Key) is ApiToken}");
await store.DeleteAsync(org, recovered.Id);
foreach (var gone in await deleted.ListAsync(org))
{
    await deleted.PurgeAsync(org, gone.Credential.Id);
}

Console.WriteLine($"Purged; recently deleted left: {(await deleted.ListAsync(org)).Count}");

static string Card(CredentialView v) => $"[{v.Category.ToWireName()}] {v.Name} ({v.Key}, {v.Type.ToWireName()}) {v.MaskedSummary} v{v.Version}";

// A run that was interrupted leaves its credentials behind; start clean so the keys are free again.
async Task RemoveLeftoversAsync()
{
    foreach (var key in new[] { "OPENAI_API_KEY", "BILLING_API", "GITHUB_TOKEN" })
    {
        var page = await store.ListAsync(org, new CredentialQuery { Text = key, IncludeAllUsers = true });
        foreach (var leftover in page.Items.Where(v => v.Key == key))
        {
            await store.DeleteAsync(org, leftover.Id);
        }
    }

    foreach (var gone in await deleted.ListAsync(org))
    {
        await deleted.PurgeAsync(org, gone.Credential.Id);
    }
}
