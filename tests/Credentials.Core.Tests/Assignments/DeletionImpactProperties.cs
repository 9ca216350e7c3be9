using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Assignments;

/// <summary>
/// For any assignments across the built-in kinds and a host's kind: the summary counts exactly the assignments, in the
/// registered order, with the singular or plural label and the kind's effect; and a deletion applies what the preview
/// showed. Run from a [Fact]: FsCheck.Xunit's [Property] does not await async set-up, so each case builds its own vault.
/// </summary>
public sealed class DeletionImpactProperties
{
    private static readonly ConsumerKind Workflow = new("workflow", "workflow step", "workflow steps", ConsumerDeletionEffect.Updated);

    private static readonly ConsumerKind[] Kinds =
        [ConsumerKind.LlmConfiguration, ConsumerKind.Skill, ConsumerKind.ToolDefinition, ConsumerKind.Runtime, Workflow];

    [Fact]
    public Task AnyAssignments_SummaryCountsThemAndDeleteAppliesThePreview() =>
        Task.Run(() => Prop.ForAll(Assignments().ToArbitrary(), CheckAsync).Check(Config.QuickThrowOnFailure.WithMaxTest(150)));

    // Kind index and a consumer id from a small set, so the same consumer is often assigned twice (which must count once).
    private static Gen<(int Kind, string Id, string? Name)[]> Assignments() =>
        (from kind in Gen.Choose(0, Kinds.Length - 1)
         from id in Gen.Elements("a", "b", "c", "B", "\u00e9")
         from name in Gen.Elements<string?>(null, "Prod", "Nom \u00e9t\u00e9")
         select (kind, id, name)).ArrayOf();

    private static async Task CheckAsync((int Kind, string Id, string? Name)[] assignments)
    {
        using var vault = TestVault.Create(b => b.AddConsumerKind(Workflow));
        var credential = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        foreach (var (kind, id, name) in assignments)
        {
            await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(Kinds[kind], id, name));
        }

        var preview = await vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id);

        var distinct = assignments.Select(a => (a.Kind, a.Id)).Distinct().ToList();
        var parts = Kinds
            .Select((kind, index) => (Kind: kind, Count: distinct.Count(a => a.Kind == index)))
            .Where(k => k.Count > 0)
            .Select(k => $"{k.Count} {(k.Count == 1 ? k.Kind.Singular : k.Kind.Plural)} {(k.Kind.DeletionEffect == ConsumerDeletionEffect.Unlinked ? "unlinked" : "updated")}")
            .ToList();
        Assert.Equal(parts.Count == 0 ? "No consumers use this credential." : string.Join(", ", parts), preview.Summary);
        Assert.Equal(distinct.Count, preview.Consumers.Count);
        Assert.Equal(distinct.Count, preview.Groups.Sum(g => g.Count));
        Assert.All(preview.Consumers, c => Assert.Equal(c.Consumer.Kind.DeletionEffect, c.Effect));
        foreach (var consumer in preview.Consumers)
        {
            // The last non-null display name given for that consumer.
            var expectedName = assignments.Where(a => Kinds[a.Kind].Equals(consumer.Consumer.Kind) && a.Id == consumer.Consumer.Id && a.Name is not null)
                .Select(a => a.Name).LastOrDefault();
            Assert.Equal(expectedName, consumer.Consumer.DisplayName);
        }

        var applied = await vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        Assert.Equal(preview, applied);
        Assert.Equal(preview.Summary, applied.Summary);
        Assert.Equal(preview.Groups, applied.Groups);
    }
}
