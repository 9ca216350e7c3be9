using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Credentials.Tests.PerUser;

/// <summary>
/// Random operations by 2 organizations × 3 users (and each organization's administrator): no user ever resolves, lists,
/// edits, deletes, recovers or assigns another user's credential, nor anything of another organization; the
/// administrator's listing with <see cref="CredentialQuery.IncludeAllUsers"/> sees every live card, masked.
/// </summary>
public sealed class PerUserIsolationProperties
{
    private static readonly OrganizationId[] Orgs = [new("org-a"), new("org-b")];
    private static readonly string?[] Actors = [null, "u1", "u2", "u3"];
    private static readonly string[] Keys = ["GITHUB_TOKEN", "SLACK_TOKEN", "OPENAI_API_KEY"];

    [Property(MaxTest = 40)]
    public Property RandomOperations_NeverCrossUsersOrOrganizations(int seed)
    {
        using var vault = TestVault.Create();
        var random = new Random(seed);
        var model = new List<Entry>();
        var counter = 0;

        for (var step = 0; step < 60; step++)
        {
            var org = Orgs[random.Next(Orgs.Length)];
            var actor = Actors[random.Next(Actors.Length)];
            var context = new CredentialContext(org, actor);
            var target = model.Count == 0 ? null : model[random.Next(model.Count)];
            var visible = target is not null && target.Org == org && (actor is null || target.Owner is null || target.Owner == actor);
            switch (random.Next(8))
            {
                case 0:
                case 1:
                {
                    // Create: a user makes their own (or a shared one); the administrator a shared one or one for a user.
                    var owner = actor ?? (random.Next(2) == 0 ? null : Actors[1 + random.Next(3)]);
                    if (actor is not null && random.Next(3) == 0)
                    {
                        owner = null;
                    }

                    var key = Keys[random.Next(Keys.Length)];
                    var token = $"secret-{org.Value}-{owner ?? "shared"}-{counter++:D6}";
                    var taken = model.Any(e => e.Org == org && e.Owner == owner && e.Key == key && !e.Deleted);
                    try
                    {
                        var view = vault.Store.CreateAsync(context, new NewCredential("n", key, CredentialCategory.Custom, new ApiToken(token)) { OwnerUserId = owner }).GetAwaiter().GetResult();
                        Assert.False(taken);
                        Assert.Equal(owner, view.OwnerUserId);
                        model.Add(new Entry(org, owner, key, view.Id) { Token = token });
                    }
                    catch (CredentialConflictException)
                    {
                        Assert.True(taken);
                    }

                    break;
                }

                case 2:
                {
                    // Resolve in every scope a context allows: only the owner's own, or shared ones.
                    var key = Keys[random.Next(Keys.Length)];
                    var shared = Live(model, org, null, key);
                    Assert.Equal(shared?.Token, Token(vault.Resolver.TryResolveAsync(org, key).GetAwaiter().GetResult()));
                    if (actor is not null)
                    {
                        var own = Live(model, org, actor, key);
                        Assert.Equal(own?.Token, Token(vault.Resolver.TryResolveAsync<ApiToken>(context, key, ResolveScope.User).GetAwaiter().GetResult()));
                        Assert.Equal((own ?? shared)?.Token, Token(vault.Resolver.TryResolveAsync<ApiToken>(context, key, ResolveScope.UserThenOrganization).GetAwaiter().GetResult()));
                    }

                    break;
                }

                case 3:
                {
                    // Listing: shared by default, the user's own on request; never another user's.
                    var sharedCards = vault.Store.ListAllAsync(context).ToListAsync().AsTask().GetAwaiter().GetResult();
                    Assert.Equal(model.Where(e => e.Org == org && e.Owner is null && !e.Deleted).Select(e => e.Id.ToString()).Order(StringComparer.Ordinal), sharedCards.Select(c => c.Id.ToString()).Order(StringComparer.Ordinal));
                    if (actor is not null)
                    {
                        var own = vault.Store.ListAllAsync(context, new CredentialQuery { OwnerUserId = actor }).ToListAsync().AsTask().GetAwaiter().GetResult();
                        Assert.All(own, c => Assert.Equal(actor, c.OwnerUserId));
                        Assert.Equal(model.Where(e => e.Org == org && e.Owner == actor && !e.Deleted).Select(e => e.Id.ToString()).Order(StringComparer.Ordinal), own.Select(c => c.Id.ToString()).Order(StringComparer.Ordinal));
                    }
                    else
                    {
                        var all = vault.Store.ListAllAsync(context, new CredentialQuery { IncludeAllUsers = true, PageSize = 2 }).ToListAsync().AsTask().GetAwaiter().GetResult();
                        Assert.Equal(model.Where(e => e.Org == org && !e.Deleted).Select(e => e.Id.ToString()).Order(StringComparer.Ordinal), all.Select(c => c.Id.ToString()).Order(StringComparer.Ordinal));
                        Assert.All(all, c => Assert.DoesNotContain("secret-", c.MaskedSummary + c.Name, StringComparison.Ordinal));
                    }

                    break;
                }

                case 4 when target is not null:
                {
                    // Edit the secret.
                    var token = $"secret-edit-{counter++:D6}";
                    var attempt = Try(() => vault.Store.UpdateAsync(context, target.Id, new CredentialUpdate { Secret = new ApiToken(token) }));
                    Assert.Equal(visible && !target.Deleted, attempt);
                    if (attempt)
                    {
                        target.Token = token;
                    }

                    break;
                }

                case 5 when target is not null:
                {
                    var attempt = Try(() => vault.Store.DeleteAsync(context, target.Id));
                    Assert.Equal(visible && !target.Deleted, attempt);
                    target.Deleted |= attempt;
                    break;
                }

                case 6 when target is not null:
                {
                    var keyFree = !model.Any(e => e != target && e.Org == target.Org && e.Owner == target.Owner && e.Key == target.Key && !e.Deleted);
                    bool recovered;
                    try
                    {
                        recovered = Try(() => vault.Deleted.RecoverAsync(context, target.Id));
                    }
                    catch (CredentialConflictException)
                    {
                        Assert.True(visible && target.Deleted && !keyFree);
                        break;
                    }

                    Assert.Equal(visible && target.Deleted && keyFree, recovered);
                    target.Deleted &= !recovered;
                    break;
                }

                case 7 when target is not null:
                {
                    var consumer = new ConsumerRef(ConsumerKind.Skill, "skill-" + random.Next(3));
                    var attempt = Try(() => vault.Assignments.AssignAsync(context, target.Id, consumer));
                    Assert.Equal(visible && !target.Deleted, attempt);
                    var held = vault.Assignments.ListCredentialsAsync(context, consumer).GetAwaiter().GetResult();
                    Assert.All(held, c => Assert.True(actor is null || c.OwnerUserId is null || c.OwnerUserId == actor));
                    break;
                }
            }
        }

        return true.ToProperty();
    }

    private static Entry? Live(List<Entry> model, OrganizationId org, string? owner, string key) =>
        model.SingleOrDefault(e => e.Org == org && e.Owner == owner && e.Key == key && !e.Deleted);

    private static string? Token(CredentialSecret? secret) => (secret as ApiToken)?.Token;

    /// <summary>True when the call succeeded; false when it was refused as not found (another user's, or gone).</summary>
    private static bool Try<T>(Func<Task<T>> call)
    {
        try
        {
            call().GetAwaiter().GetResult();
            return true;
        }
        catch (CredentialNotFoundException)
        {
            return false;
        }
    }

    private static bool Try(Func<Task> call) => Try(async () =>
    {
        await call();
        return true;
    });

    private sealed record Entry(OrganizationId Org, string? Owner, string Key, CredentialId Id)
    {
        public required string Token { get; set; }

        public bool Deleted { get; set; }
    }
}
