using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Operations;

/// <summary>
/// Random operations on one organization's shared credentials by three actors (the organization itself and two users),
/// with the audit records they must leave, in order. Shared by the SQLite and the PostgreSQL audit property tests.
/// </summary>
internal static class AuditScenario
{
    public static readonly OrganizationId Org = new("acme");
    private static readonly string?[] Actors = [null, "alice", "bob"];

    public enum Op
    {
        Create,
        UpdateSecret,
        Rename,
        Expire,
        Delete,
        Recover,
        Purge,
        Assign,
        Unassign,
    }

    public sealed record Step(Op Op, int Slot, int Actor, int Value)
    {
        public override string ToString() => $"{Op}(slot {Slot}, actor {Actors[Actor] ?? "system"}, {Value})";
    }

    public sealed record Expected(AuditAction Action, CredentialId Id, string? Actor);

    public static Gen<Step[]> Sequences(int maxSteps) =>
        Gen.Sized(size => Gen.Choose(1, Math.Max(1, Math.Min(size, maxSteps))))
            .SelectMany(n => Gen.ArrayOf(
                Gen.Elements(Enum.GetValues<Op>()).SelectMany(op => Gen.Choose(0, 2).SelectMany(slot => Gen.Choose(0, 2).SelectMany(actor =>
                    Gen.Choose(0, 3).Select(value => new Step(op, slot, actor, value))))),
                n));

    /// <summary>Runs the steps; returns what the trail must list, in order, and every secret written.</summary>
    public static async Task<(List<Expected> Trail, List<string> Secrets)> RunAsync(IServiceProvider services, Step[] steps)
    {
        var store = services.GetRequiredService<ICredentialStore>();
        var deleted = services.GetRequiredService<IDeletedCredentials>();
        var assignments = services.GetRequiredService<ICredentialAssignments>();
        var trail = new List<Expected>();
        var secrets = new List<string>();
        var active = new Dictionary<int, CredentialId>();
        var bin = new Dictionary<int, List<CredentialId>>();
        var assigned = new Dictionary<CredentialId, HashSet<string>>();
        var counter = 0;
        foreach (var step in steps)
        {
            var actor = Actors[step.Actor];
            var context = new CredentialContext(Org, actor);
            var key = "KEY_" + step.Slot;
            string Secret() => $"sk-audit-secret-{Guid.NewGuid():N}-{counter++}";
            switch (step.Op)
            {
                case Op.Create when !active.ContainsKey(step.Slot):
                    var token = Secret();
                    secrets.Add(token);
                    var view = await store.CreateAsync(context, new NewCredential("Slot " + step.Slot, key, CredentialCategory.LlmProvider, new ApiToken(token)));
                    active[step.Slot] = view.Id;
                    trail.Add(new(AuditAction.Created, view.Id, actor));
                    break;
                case Op.UpdateSecret when active.TryGetValue(step.Slot, out var id):
                    var next = Secret();
                    secrets.Add(next);
                    await store.UpdateAsync(context, id, new CredentialUpdate { Secret = new ApiToken(next) });
                    trail.Add(new(AuditAction.Updated, id, actor));
                    break;
                case Op.Rename when active.TryGetValue(step.Slot, out var id):
                    await store.UpdateAsync(context, id, new CredentialUpdate { Name = $"Renamed {counter++}" });
                    trail.Add(new(AuditAction.Updated, id, actor));
                    break;
                case Op.Expire when active.TryGetValue(step.Slot, out var id):
                    await store.UpdateAsync(context, id, new CredentialUpdate { ExpiresAt = new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).AddDays(counter++) });
                    trail.Add(new(AuditAction.Updated, id, actor));
                    break;
                case Op.Delete when active.TryGetValue(step.Slot, out var id):
                    await store.DeleteAsync(context, id);
                    active.Remove(step.Slot);
                    (bin.TryGetValue(step.Slot, out var binned) ? binned : bin[step.Slot] = []).Add(id);
                    trail.Add(new(AuditAction.Deleted, id, actor));
                    break;
                case Op.Recover when !active.ContainsKey(step.Slot) && bin.TryGetValue(step.Slot, out var list) && list.Count > 0:
                    var recovered = list[^1];
                    await deleted.RecoverAsync(context, recovered);
                    list.RemoveAt(list.Count - 1);
                    active[step.Slot] = recovered;
                    trail.Add(new(AuditAction.Recovered, recovered, actor));
                    break;
                case Op.Purge when bin.TryGetValue(step.Slot, out var list) && list.Count > 0:
                    var purged = list[0];
                    Assert.True(await deleted.PurgeAsync(context, purged));
                    list.RemoveAt(0);
                    assigned.Remove(purged);
                    trail.Add(new(AuditAction.Purged, purged, actor));
                    break;
                case Op.Assign when active.TryGetValue(step.Slot, out var id):
                    var consumer = "skill-" + step.Value;
                    await assignments.AssignAsync(context, id, new ConsumerRef(ConsumerKind.Skill, consumer));
                    (assigned.TryGetValue(id, out var set) ? set : assigned[id] = []).Add(consumer);
                    trail.Add(new(AuditAction.Assigned, id, actor));
                    break;
                case Op.Unassign when active.TryGetValue(step.Slot, out var id):
                    var removedConsumer = "skill-" + step.Value;
                    var removed = await assignments.UnassignAsync(context, id, new ConsumerRef(ConsumerKind.Skill, removedConsumer));
                    Assert.Equal(assigned.TryGetValue(id, out var held) && held.Remove(removedConsumer), removed);
                    if (removed)
                    {
                        trail.Add(new(AuditAction.Unassigned, id, actor));
                    }

                    break;
            }
        }

        return (trail, secrets);
    }

    /// <summary>Every record of the organization's trail, through the public listing, page by page.</summary>
    public static async Task<List<CredentialAuditRecord>> ListAllAsync(ICredentialAudit audit)
    {
        var all = new List<CredentialAuditRecord>();
        var query = new AuditQuery { PageSize = 7 };
        while (true)
        {
            var page = await audit.ListAsync(Org, query);
            all.AddRange(page.Items);
            if (page.ContinuationToken is null)
            {
                return all;
            }

            query = query with { ContinuationToken = page.ContinuationToken };
        }
    }

    /// <summary>The trail lists exactly the expected operations, in order, numbered from 1, and no secret anywhere.</summary>
    public static void AssertTrail(List<Expected> expected, List<CredentialAuditRecord> actual, List<string> secrets)
    {
        Assert.Equal(expected, actual.Select(r => new Expected(r.Action, r.CredentialId!.Value, r.Actor.UserId)));
        Assert.Equal(Enumerable.Range(1, actual.Count).Select(i => (long)i), actual.Select(r => r.Sequence));
        foreach (var record in actual)
        {
            var fields = new[] { record.CredentialKey, record.Actor.ToString(), record.OwnerUserId, record.OrganizationId?.Value }
                .Concat(record.Details.Keys).Concat(record.Details.Values);
            foreach (var field in fields.Where(f => f is not null))
            {
                Assert.DoesNotContain(secrets, s => field!.Contains(s, StringComparison.Ordinal) || field.Contains("sk-audit-secret", StringComparison.Ordinal));
            }
        }
    }
}
