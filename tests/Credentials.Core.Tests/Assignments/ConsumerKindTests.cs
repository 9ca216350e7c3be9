using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Assignments;

public sealed class ConsumerKindTests
{
    private static readonly ConsumerKind Workflow = new("workflow", "workflow", "workflows", ConsumerDeletionEffect.Updated);

    [Fact]
    public void BuiltIns_HaveTheSeedsLabelsAndEffects()
    {
        Assert.Equal(("llm_configuration", "LLM config", "LLM configs", ConsumerDeletionEffect.Unlinked), Parts(ConsumerKind.LlmConfiguration));
        Assert.Equal(("skill", "skill", "skills", ConsumerDeletionEffect.Updated), Parts(ConsumerKind.Skill));
        Assert.Equal(("tool_definition", "tool definition", "tool definitions", ConsumerDeletionEffect.Updated), Parts(ConsumerKind.ToolDefinition));
        Assert.Equal(("runtime", "runtime", "runtimes", ConsumerDeletionEffect.Unlinked), Parts(ConsumerKind.Runtime));
    }

    [Fact]
    public void Equality_IsByNameOnly()
    {
        var relabelled = new ConsumerKind("skill", "capability", "capabilities", ConsumerDeletionEffect.Unlinked);

        Assert.Equal(ConsumerKind.Skill, relabelled);
        Assert.Equal(ConsumerKind.Skill.GetHashCode(), relabelled.GetHashCode());
        Assert.NotEqual(ConsumerKind.Skill, new ConsumerKind("Skill", "skill", "skills", ConsumerDeletionEffect.Updated));
    }

    [Fact]
    public async Task AddConsumerKind_HostKind_IsAcceptedAndOrderedAfterTheBuiltIns()
    {
        using var vault = TestVault.Create(b => b.AddConsumerKind(Workflow));
        var credential = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());

        await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(Workflow, "wf-1"));
        await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Runtime, "rt-1"));

        var consumers = await vault.Assignments.ListConsumersAsync(TestVault.Acme, credential.Id);
        Assert.Equal(["runtime", "workflow"], consumers.Select(c => c.Kind.Name));
        Assert.Equal("1 runtime unlinked, 1 workflow updated", (await vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id)).Summary);
    }

    [Fact]
    public async Task AddConsumerKind_BuiltInNameAgain_ChangesLabelsAndEffectButKeepsItsPlace()
    {
        var capability = new ConsumerKind("skill", "capability", "capabilities", ConsumerDeletionEffect.Unlinked);
        using var vault = TestVault.Create(b => b.AddConsumerKind(Workflow).AddConsumerKind(capability));
        var credential = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(Workflow, "wf-1"));
        // The caller's instance carries the old labels: the registered kind wins.
        await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Skill, "s-1"));
        await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Skill, "s-2"));
        await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-1"));

        var impact = await vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id);

        Assert.Equal("1 LLM config unlinked, 2 capabilities unlinked, 1 workflow updated", impact.Summary);
        Assert.All(impact.Consumers.Where(c => c.Consumer.Kind.Name == "skill"), c => Assert.Equal("capability", c.Consumer.Kind.Singular));
    }

    [Fact]
    public async Task AddConsumerKind_SameHostKindTwice_TheLastWins()
    {
        using var vault = TestVault.Create(b => b
            .AddConsumerKind(Workflow)
            .AddConsumerKind(Workflow with { Singular = "flow", Plural = "flows" }));
        var credential = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());
        await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(Workflow, "wf-1"));

        Assert.Equal("1 flow updated", (await vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id)).Summary);
    }

    public static TheoryData<ConsumerKind> BadKinds() => new()
    {
        new("", "a", "b", ConsumerDeletionEffect.Updated),
        new("  ", "a", "b", ConsumerDeletionEffect.Updated),
        new(null!, "a", "b", ConsumerDeletionEffect.Updated),
        new(new string('k', 65), "a", "b", ConsumerDeletionEffect.Updated),
        new("work\nflow", "a", "b", ConsumerDeletionEffect.Updated),
        new("workflow", "", "b", ConsumerDeletionEffect.Updated),
        new("workflow", "a", "\t", ConsumerDeletionEffect.Updated),
        new("workflow", "a", new string('p', 65), ConsumerDeletionEffect.Updated),
        new("workflow", "a", "b", (ConsumerDeletionEffect)9),
    };

    [Theory]
    [MemberData(nameof(BadKinds))]
    public void AddConsumerKind_BadDefinition_ThrowsArgumentException(ConsumerKind kind)
    {
        var builder = new ServiceCollection().AddCredentials();

        Assert.Throws<ArgumentException>(() => builder.AddConsumerKind(kind));
    }

    private static (string, string, string, ConsumerDeletionEffect) Parts(ConsumerKind k) => (k.Name, k.Singular, k.Plural, k.DeletionEffect);
}
