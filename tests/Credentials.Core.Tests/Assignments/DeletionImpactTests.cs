using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Assignments;

public sealed class DeletionImpactTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();

    [Fact]
    public async Task PreviewDelete_TheSeedsExample_SaysTwoLlmConfigsUnlinkedOneSkillUpdated()
    {
        var credential = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        // Assigned out of display order on purpose: the summary follows the registered kinds, not the call order.
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.Skill, "skill-7", "Research"));
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-2", "Support bot"));
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-1", "Prod chat"));

        var impact = await _vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id);

        Assert.Equal("2 LLM configs unlinked, 1 skill updated", impact.Summary);
        Assert.Equal(credential, impact.Credential);
        Assert.Equal(
            [
                new ConsumerImpact(new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-1", "Prod chat"), ConsumerDeletionEffect.Unlinked),
                new ConsumerImpact(new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-2", "Support bot"), ConsumerDeletionEffect.Unlinked),
                new ConsumerImpact(new ConsumerRef(ConsumerKind.Skill, "skill-7", "Research"), ConsumerDeletionEffect.Updated),
            ],
            impact.Consumers);
        Assert.Equal([(ConsumerKind.LlmConfiguration, 2, "2 LLM configs unlinked"), (ConsumerKind.Skill, 1, "1 skill updated")], impact.Groups.Select(g => (g.Kind, g.Count, g.Text)));
    }

    [Fact]
    public async Task PreviewDelete_EveryBuiltInKind_InTheirOrderWithSingularAndPlural()
    {
        var credential = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.Runtime, "rt-1"));
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.Runtime, "rt-2"));
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.ToolDefinition, "tool-1"));
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.Skill, "skill-1"));
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.Skill, "skill-2"));
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.Skill, "skill-3"));
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-1"));

        var impact = await _vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id);

        Assert.Equal("1 LLM config unlinked, 3 skills updated, 1 tool definition updated, 2 runtimes unlinked", impact.Summary);
    }

    [Fact]
    public async Task PreviewDelete_NothingAssigned_IsAPlainSentence()
    {
        var credential = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());

        var impact = await _vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id);

        Assert.Equal("No consumers use this credential.", impact.Summary);
        Assert.Empty(impact.Consumers);
        Assert.Empty(impact.Groups);
    }

    [Fact]
    public async Task PreviewDelete_ChangesNothing()
    {
        var credential = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.Skill, "skill-1"));

        await _vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id);

        Assert.NotNull(await _vault.Resolver.TryResolveAsync(TestVault.Acme, credential.Key));
        Assert.Single(await _vault.Assignments.ListConsumersAsync(TestVault.Acme, credential.Id));
        Assert.Empty(await _vault.Deleted.ListAsync(TestVault.Acme));
    }

    [Fact]
    public async Task Delete_ReturnsTheImpactThePreviewShowed()
    {
        var credential = await _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-1", "Prod chat"));
        await AssignAsync(credential, new ConsumerRef(ConsumerKind.ToolDefinition, "tool-1", "Search"));

        var preview = await _vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id);
        var applied = await _vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        Assert.Equal(preview, applied);
        Assert.Equal("1 LLM config unlinked, 1 tool definition updated", applied.Summary);
    }

    [Fact]
    public async Task Delete_AConsumerAssignedWhileHandlersRan_IsInTheAppliedImpact()
    {
        var latecomer = new ConsumerRef(ConsumerKind.Skill, "skill-late");
        var handler = new RecordingHandler(ConsumerKind.LlmConfiguration);
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler(handler));
        var credential = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-1"));
        // Another user assigns the credential while the first handler call runs: the delete must start over.
        handler.During = async () =>
        {
            handler.During = null;
            await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, latecomer);
        };

        var applied = await vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        Assert.Equal("1 LLM config unlinked, 1 skill updated", applied.Summary);
        Assert.Equal(2, handler.Deleted.Count);
    }

    [Fact]
    public void Summary_IsBuiltFromTheGivenOrder()
    {
        var view = new CredentialView(CredentialId.New(), "n", "K", CredentialCategory.Custom, CredentialType.ApiToken, "••••", null, default, default, 1);
        var workflow = new ConsumerKind("workflow", "workflow", "workflows", ConsumerDeletionEffect.Updated);

        var impact = new DeletionImpact(view,
        [
            new(new ConsumerRef(workflow, "w-1"), ConsumerDeletionEffect.Updated),
            new(new ConsumerRef(ConsumerKind.Runtime, "r-1"), ConsumerDeletionEffect.Unlinked),
            new(new ConsumerRef(workflow, "w-2"), ConsumerDeletionEffect.Updated),
        ]);

        Assert.Equal("2 workflows updated, 1 runtime unlinked", impact.Summary);
    }

    public void Dispose() => _vault.Dispose();

    private Task AssignAsync(CredentialView credential, ConsumerRef consumer) => _vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, consumer);
}
