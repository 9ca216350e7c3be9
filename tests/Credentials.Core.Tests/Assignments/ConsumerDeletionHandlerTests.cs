using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.Assignments;

public sealed class ConsumerDeletionHandlerTests
{
    private static readonly ConsumerRef Llm1 = new(ConsumerKind.LlmConfiguration, "llm-1", "Prod chat");
    private static readonly ConsumerRef Llm2 = new(ConsumerKind.LlmConfiguration, "llm-2", "Support bot");
    private static readonly ConsumerRef Skill1 = new(ConsumerKind.Skill, "skill-1", "Research");

    [Fact]
    public async Task Delete_CallsEachKindsHandlerWithItsConsumersAndEffects()
    {
        var llm = new RecordingHandler(ConsumerKind.LlmConfiguration);
        var skill = new RecordingHandler(ConsumerKind.Skill);
        var runtime = new RecordingHandler(ConsumerKind.Runtime);
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler(llm).AddConsumerDeletionHandler(skill).AddConsumerDeletionHandler(runtime));
        var credential = await CreateAssignedAsync(vault);

        await vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        var (org, view, consumers) = Assert.Single(llm.Deleted);
        Assert.Equal((TestVault.Acme, credential), (org, view));
        Assert.Equal([new ConsumerImpact(Llm1, ConsumerDeletionEffect.Unlinked), new ConsumerImpact(Llm2, ConsumerDeletionEffect.Unlinked)], consumers);
        Assert.Equal([new ConsumerImpact(Skill1, ConsumerDeletionEffect.Updated)], Assert.Single(skill.Deleted).Consumers);
        Assert.Empty(runtime.Deleted);
    }

    [Fact]
    public async Task Delete_HandlerThrows_LeavesCredentialAndAssignmentsAndNamesTheKindAndConsumers()
    {
        var llm = new RecordingHandler(ConsumerKind.LlmConfiguration);
        var skill = new RecordingHandler(ConsumerKind.Skill) { Failure = new InvalidOperationException("skills service is down") };
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler(llm).AddConsumerDeletionHandler(skill));
        var credential = await CreateAssignedAsync(vault, "sk-must-not-leak-00000000");

        var ex = await Assert.ThrowsAsync<CredentialConsumerException>(() => vault.Store.DeleteAsync(TestVault.Acme, credential.Id));

        Assert.Equal(ConsumerKind.Skill, ex.Kind);
        Assert.Equal(["skill-1"], ex.ConsumerIds);
        Assert.Contains("skill", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'skill-1'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not deleted", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("must-not-leak", ex.ToString(), StringComparison.Ordinal);
        Assert.IsType<InvalidOperationException>(ex.InnerException);
        Assert.IsAssignableFrom<CredentialException>(ex);
        // Everything is still there: resolvable, listed, assigned, not among the deleted.
        Assert.Equal("sk-must-not-leak-00000000", (await vault.Resolver.ResolveAsync<ApiToken>(TestVault.Acme, credential.Key)).Token);
        Assert.Equal(credential, await vault.Store.GetAsync(TestVault.Acme, credential.Id));
        Assert.Equal([Llm1, Llm2, Skill1], await vault.Assignments.ListConsumersAsync(TestVault.Acme, credential.Id));
        Assert.Empty(await vault.Deleted.ListAsync(TestVault.Acme));
        // The handler before the failing one ran (and is not undone): that is why handlers must be idempotent.
        Assert.Single(llm.Deleted);
    }

    [Fact]
    public async Task Delete_RetriedAfterTheFailureIsFixed_RunsEveryHandlerAgainAndDeletes()
    {
        var llm = new RecordingHandler(ConsumerKind.LlmConfiguration);
        var skill = new RecordingHandler(ConsumerKind.Skill) { Failure = new TimeoutException() };
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler(llm).AddConsumerDeletionHandler(skill));
        var credential = await CreateAssignedAsync(vault);
        await Assert.ThrowsAsync<CredentialConsumerException>(() => vault.Store.DeleteAsync(TestVault.Acme, credential.Id));

        skill.Failure = null;
        var impact = await vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        Assert.Equal("2 LLM configs unlinked, 1 skill updated", impact.Summary);
        Assert.Equal(2, llm.Deleted.Count);
        Assert.Equal(2, skill.Deleted.Count);
        Assert.Null(await vault.Resolver.TryResolveAsync(TestVault.Acme, credential.Key));
    }

    [Fact]
    public async Task Delete_HandlerThrowsACredentialException_IsStillWrappedWithTheKind()
    {
        var llm = new RecordingHandler(ConsumerKind.LlmConfiguration) { Failure = new CredentialNotFoundException("host record gone") };
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler(llm));
        var credential = await CreateAssignedAsync(vault);

        var ex = await Assert.ThrowsAsync<CredentialConsumerException>(() => vault.Store.DeleteAsync(TestVault.Acme, credential.Id));

        Assert.Equal(ConsumerKind.LlmConfiguration, ex.Kind);
        Assert.Equal(["llm-1", "llm-2"], ex.ConsumerIds);
        Assert.NotNull(await vault.Store.GetAsync(TestVault.Acme, credential.Id));
    }

    [Fact]
    public async Task Delete_Cancelled_PropagatesCancellationAndDeletesNothing()
    {
        using var cancellation = new CancellationTokenSource();
        var llm = new RecordingHandler(ConsumerKind.LlmConfiguration);
        llm.During = () =>
        {
            cancellation.Cancel();
            cancellation.Token.ThrowIfCancellationRequested();
            return Task.CompletedTask;
        };
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler(llm));
        var credential = await CreateAssignedAsync(vault);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => vault.Store.DeleteAsync(TestVault.Acme, credential.Id, cancellation.Token));

        Assert.NotNull(await vault.Store.GetAsync(TestVault.Acme, credential.Id));
    }

    [Fact]
    public async Task Delete_NoConsumersOfTheHandlersKind_DoesNotCallIt()
    {
        var runtime = new RecordingHandler(ConsumerKind.Runtime) { Failure = new InvalidOperationException("must not be called") };
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler(runtime));
        var credential = await CreateAssignedAsync(vault);

        await vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        Assert.Empty(runtime.Deleted);
    }

    [Fact]
    public async Task Delete_HandlerForAnUnregisteredKind_FailsNamingTheKind()
    {
        var workflow = new ConsumerKind("workflow", "workflow", "workflows", ConsumerDeletionEffect.Updated);
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler(new RecordingHandler(workflow)));
        var credential = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token());

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => vault.Store.DeleteAsync(TestVault.Acme, credential.Id));

        Assert.Contains("'workflow'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AddConsumerKind", ex.Message, StringComparison.Ordinal);
        Assert.NotNull(await vault.Store.GetAsync(TestVault.Acme, credential.Id));
    }

    [Fact]
    public async Task Delete_HostKindHandler_IsCalledAfterTheBuiltIns()
    {
        var workflow = new ConsumerKind("workflow", "workflow", "workflows", ConsumerDeletionEffect.Updated);
        var calls = new List<string>();
        var wf = new RecordingHandler(workflow) { During = () => { calls.Add("workflow"); return Task.CompletedTask; } };
        var llm = new RecordingHandler(ConsumerKind.LlmConfiguration) { During = () => { calls.Add("llm"); return Task.CompletedTask; } };
        using var vault = TestVault.Create(b => b.AddConsumerKind(workflow).AddConsumerDeletionHandler(wf).AddConsumerDeletionHandler(llm));
        var credential = await CreateAssignedAsync(vault);
        await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(workflow, "wf-1"));

        await vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        Assert.Equal(["llm", "workflow"], calls);
    }

    [Fact]
    public async Task Recover_CallsTheHandlersWithTheRestoredConsumers()
    {
        var llm = new RecordingHandler(ConsumerKind.LlmConfiguration);
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler(llm));
        var credential = await CreateAssignedAsync(vault);
        await vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        await vault.Deleted.RecoverAsync(TestVault.Acme, credential.Id);

        var (org, view, consumers) = Assert.Single(llm.Recovered);
        Assert.Equal((TestVault.Acme, credential), (org, view));
        Assert.Equal([Llm1, Llm2], consumers);
    }

    [Fact]
    public async Task Recover_HandlerThrows_NothingIsRecovered()
    {
        var skill = new RecordingHandler(ConsumerKind.Skill);
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler(skill));
        var credential = await CreateAssignedAsync(vault);
        await vault.Store.DeleteAsync(TestVault.Acme, credential.Id);
        skill.Failure = new InvalidOperationException("down");

        var ex = await Assert.ThrowsAsync<CredentialConsumerException>(() => vault.Deleted.RecoverAsync(TestVault.Acme, credential.Id));

        Assert.Equal(ConsumerKind.Skill, ex.Kind);
        Assert.Contains("not recovered", ex.Message, StringComparison.Ordinal);
        Assert.Null(await vault.Store.GetAsync(TestVault.Acme, credential.Id));
        Assert.Single(await vault.Deleted.ListAsync(TestVault.Acme));
    }

    [Fact]
    public async Task Handler_RegisteredByType_IsResolvedOnceAndMayDependOnTheStore()
    {
        using var vault = TestVault.Create(b => b.AddConsumerDeletionHandler<StoreReadingHandler>().AddConsumerDeletionHandler<StoreReadingHandler>());
        var credential = await CreateAssignedAsync(vault);

        await vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        Assert.Single(vault.Provider.GetServices<IConsumerDeletionHandler>());
        Assert.Equal(1, vault.Provider.GetServices<IConsumerDeletionHandler>().OfType<StoreReadingHandler>().Single().Calls);
    }

    private static async Task<CredentialView> CreateAssignedAsync(TestVault vault, string token = "sk-test-0123456789abcdef")
    {
        var credential = await vault.Store.CreateAsync(TestVault.Acme, TestVault.Token(token: token));
        foreach (var consumer in new[] { Skill1, Llm2, Llm1 })
        {
            await vault.Assignments.AssignAsync(TestVault.Acme, credential.Id, consumer);
        }

        return credential;
    }
}
