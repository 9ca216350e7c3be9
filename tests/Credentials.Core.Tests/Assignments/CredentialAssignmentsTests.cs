namespace Credentials.Tests.Assignments;

public sealed class CredentialAssignmentsTests : IDisposable
{
    private readonly TestVault _vault = TestVault.Create();

    private ICredentialAssignments Assignments => _vault.Assignments;

    [Fact]
    public async Task Assign_ThenListConsumers_ReturnsThemWithDisplayNamesInKindOrder()
    {
        var credential = await CreateAsync();

        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Skill, "skill-1", "Research"));
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-2", "Support bot"));
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-1", "Prod chat"));

        Assert.Equal(
            [
                new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-1", "Prod chat"),
                new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-2", "Support bot"),
                new ConsumerRef(ConsumerKind.Skill, "skill-1", "Research"),
            ],
            await Assignments.ListConsumersAsync(TestVault.Acme, credential.Id));
    }

    [Fact]
    public async Task Assign_Twice_IsIdempotentAndUpdatesTheDisplayName()
    {
        var credential = await CreateAsync();

        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Skill, "skill-1", "Old"));
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Skill, "skill-1", "New"));
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Skill, "skill-1"));
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Skill, "skill-1", "  "));

        var consumer = Assert.Single(await Assignments.ListConsumersAsync(TestVault.Acme, credential.Id));
        Assert.Equal("New", consumer.DisplayName);
        Assert.Equal(1, (await _vault.Store.GetAsync(TestVault.Acme, credential.Id))!.Version);
    }

    [Fact]
    public async Task AConsumer_CanHoldSeveralCredentials_ListedAsCardsByKey()
    {
        var openAi = await CreateAsync("OPENAI_API_KEY");
        var anthropic = await CreateAsync("ANTHROPIC_API_KEY");
        var unrelated = await CreateAsync("GITHUB_TOKEN");
        var skill = new ConsumerRef(ConsumerKind.Skill, "skill-1", "Research");
        await Assignments.AssignAsync(TestVault.Acme, openAi.Id, skill);
        await Assignments.AssignAsync(TestVault.Acme, anthropic.Id, skill);
        await Assignments.AssignAsync(TestVault.Acme, unrelated.Id, new ConsumerRef(ConsumerKind.Skill, "skill-2"));

        var held = await Assignments.ListCredentialsAsync(TestVault.Acme, skill with { DisplayName = null });

        Assert.Equal([anthropic, openAi], held);
    }

    [Fact]
    public async Task ListCredentials_KindIsPartOfTheConsumer()
    {
        var credential = await CreateAsync();
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Skill, "shared-id"));

        Assert.Single(await Assignments.ListCredentialsAsync(TestVault.Acme, new ConsumerRef(ConsumerKind.Skill, "shared-id")));
        Assert.Empty(await Assignments.ListCredentialsAsync(TestVault.Acme, new ConsumerRef(ConsumerKind.Runtime, "shared-id")));
    }

    [Fact]
    public async Task Unassign_RemovesOnceThenReturnsFalse()
    {
        var credential = await CreateAsync();
        var consumer = new ConsumerRef(ConsumerKind.ToolDefinition, "tool-1");
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, consumer);

        Assert.True(await Assignments.UnassignAsync(TestVault.Acme, credential.Id, consumer with { DisplayName = "ignored" }));
        Assert.False(await Assignments.UnassignAsync(TestVault.Acme, credential.Id, consumer));
        Assert.False(await Assignments.UnassignAsync(TestVault.Acme, CredentialId.New(), consumer));

        Assert.Empty(await Assignments.ListConsumersAsync(TestVault.Acme, credential.Id));
    }

    [Fact]
    public async Task Assign_UnknownCredential_ThrowsNotFound()
    {
        await Assert.ThrowsAsync<CredentialNotFoundException>(() =>
            Assignments.AssignAsync(TestVault.Acme, CredentialId.New(), new ConsumerRef(ConsumerKind.Skill, "skill-1")));

        Assert.Empty(await Assignments.ListCredentialsAsync(TestVault.Acme, new ConsumerRef(ConsumerKind.Skill, "skill-1")));
    }

    [Fact]
    public async Task Assign_DeletedCredential_ThrowsNotFound()
    {
        var credential = await CreateAsync();
        await _vault.Store.DeleteAsync(TestVault.Acme, credential.Id);

        await Assert.ThrowsAsync<CredentialNotFoundException>(() =>
            Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Skill, "skill-1")));
        await Assert.ThrowsAsync<CredentialNotFoundException>(() => Assignments.ListConsumersAsync(TestVault.Acme, credential.Id));
    }

    [Fact]
    public async Task ListCredentials_DeletedCredential_IsLeftOut()
    {
        var kept = await CreateAsync("KEPT_KEY");
        var deleted = await CreateAsync("DELETED_KEY");
        var skill = new ConsumerRef(ConsumerKind.Skill, "skill-1");
        await Assignments.AssignAsync(TestVault.Acme, kept.Id, skill);
        await Assignments.AssignAsync(TestVault.Acme, deleted.Id, skill);

        await _vault.Store.DeleteAsync(TestVault.Acme, deleted.Id);

        Assert.Equal([kept], await Assignments.ListCredentialsAsync(TestVault.Acme, skill));
    }

    [Fact]
    public async Task ListConsumers_DecryptsNothing()
    {
        var credential = await CreateAsync();
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Skill, "skill-1"));
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.Runtime, "rt-1"));
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, new ConsumerRef(ConsumerKind.LlmConfiguration, "llm-1"));
        // Corrupt the sealed bytes: anything that opened them would throw CredentialIntegrityException.
        await _vault.TamperAsync(TestVault.Acme, credential.Id, _ => [1, 2, 3]);
        await Assert.ThrowsAsync<CredentialIntegrityException>(() => _vault.Resolver.TryResolveAsync(TestVault.Acme, credential.Key));

        Assert.Equal(3, (await Assignments.ListConsumersAsync(TestVault.Acme, credential.Id)).Count);
        Assert.Single(await Assignments.ListCredentialsAsync(TestVault.Acme, new ConsumerRef(ConsumerKind.Skill, "skill-1")));
        Assert.Equal("1 LLM config unlinked, 1 skill updated, 1 runtime unlinked", (await _vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id)).Summary);
    }

    [Fact]
    public async Task ListCredentials_ViewsCarryNoSecret()
    {
        var credential = await CreateAsync(token: "sk-never-in-a-view-000000");
        var skill = new ConsumerRef(ConsumerKind.Skill, "skill-1");
        await Assignments.AssignAsync(TestVault.Acme, credential.Id, skill);

        var texts = string.Join("|", (await Assignments.ListCredentialsAsync(TestVault.Acme, skill)).Select(v => v.ToString()))
            + string.Join("|", await Assignments.ListConsumersAsync(TestVault.Acme, credential.Id))
            + await _vault.Store.PreviewDeleteAsync(TestVault.Acme, credential.Id);

        Assert.DoesNotContain("never-in-a-view", texts, StringComparison.Ordinal);
    }

    public static TheoryData<ConsumerRef, string> BadConsumers() => new()
    {
        { new ConsumerRef(ConsumerKind.Skill, ""), "consumer.id" },
        { new ConsumerRef(ConsumerKind.Skill, "   "), "consumer.id" },
        { new ConsumerRef(ConsumerKind.Skill, null!), "consumer.id" },
        { new ConsumerRef(ConsumerKind.Skill, new string('i', 257)), "consumer.id" },
        { new ConsumerRef(ConsumerKind.Skill, "line\nbreak"), "consumer.id" },
        { new ConsumerRef(ConsumerKind.Skill, "nul\0"), "consumer.id" },
        { new ConsumerRef(ConsumerKind.Skill, "del\u007f"), "consumer.id" },
        { new ConsumerRef(null!, "s-1"), "consumer.kind" },
        { new ConsumerRef(new ConsumerKind("workflow", "workflow", "workflows", ConsumerDeletionEffect.Updated), "s-1"), "consumer.kind" },
        { new ConsumerRef(new ConsumerKind("SKILL", "skill", "skills", ConsumerDeletionEffect.Updated), "s-1"), "consumer.kind" },
        { new ConsumerRef(new ConsumerKind("", "x", "y", ConsumerDeletionEffect.Updated), "s-1"), "consumer.kind" },
        { new ConsumerRef(new ConsumerKind(null!, "x", "y", ConsumerDeletionEffect.Updated), "s-1"), "consumer.kind" },
        { new ConsumerRef(new ConsumerKind(new string('k', 65), "x", "y", ConsumerDeletionEffect.Updated), "s-1"), "consumer.kind" },
        { new ConsumerRef(new ConsumerKind("sk\till", "x", "y", ConsumerDeletionEffect.Updated), "s-1"), "consumer.kind" },
        { new ConsumerRef(ConsumerKind.Skill, "s-1", new string('d', 201)), "consumer.display_name" },
        { new ConsumerRef(ConsumerKind.Skill, "s-1", "tab\tname"), "consumer.display_name" },
    };

    [Theory]
    [MemberData(nameof(BadConsumers))]
    public async Task EveryMethodTakingAConsumer_BadConsumer_IsValidationErrorNamingTheFieldAndStoresNothing(ConsumerRef consumer, string field)
    {
        var credential = await CreateAsync();

        var errors = new[]
        {
            await Assert.ThrowsAsync<CredentialValidationException>(() => Assignments.AssignAsync(TestVault.Acme, credential.Id, consumer)),
            await Assert.ThrowsAsync<CredentialValidationException>(() => Assignments.UnassignAsync(TestVault.Acme, credential.Id, consumer)),
            await Assert.ThrowsAsync<CredentialValidationException>(() => Assignments.ListCredentialsAsync(TestVault.Acme, consumer)),
        };

        Assert.All(errors, e => Assert.Equal(field, Assert.Single(e.Errors).Field));
        Assert.Empty(await Assignments.ListConsumersAsync(TestVault.Acme, credential.Id));
        Assert.Empty(await _vault.Storage.ListAssignmentsAsync("acme", credential.Id.Value));
    }

    [Fact]
    public async Task Assign_ValidationComesBeforeExistence()
    {
        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() =>
            Assignments.AssignAsync(TestVault.Acme, CredentialId.New(), new ConsumerRef(ConsumerKind.Skill, "")));

        Assert.Equal("consumer.id", Assert.Single(ex.Errors).Field);
    }

    [Fact]
    public async Task Assign_UnregisteredKind_MessageListsTheRegisteredKinds()
    {
        var credential = await CreateAsync();

        var ex = await Assert.ThrowsAsync<CredentialValidationException>(() => Assignments.AssignAsync(
            TestVault.Acme, credential.Id, new ConsumerRef(new ConsumerKind("workflow", "w", "ws", ConsumerDeletionEffect.Updated), "wf-1")));

        Assert.Contains("llm_configuration, skill, tool_definition, runtime", ex.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("AddConsumerKind", ex.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assign_BoundaryLengthsAndUnicode_AreAccepted()
    {
        var credential = await CreateAsync();
        var consumer = new ConsumerRef(ConsumerKind.Skill, "\u65e5\u672c-" + new string('i', 253), new string('d', 200));

        await Assignments.AssignAsync(TestVault.Acme, credential.Id, consumer);

        Assert.Equal(consumer, Assert.Single(await Assignments.ListConsumersAsync(TestVault.Acme, credential.Id)));
    }

    [Fact]
    public async Task Assign_NullConsumer_ThrowsArgumentNullException()
    {
        var credential = await CreateAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => Assignments.AssignAsync(TestVault.Acme, credential.Id, null!));
    }

    public void Dispose() => _vault.Dispose();

    private Task<CredentialView> CreateAsync(string key = "OPENAI_API_KEY", string token = "sk-test-0123456789abcdef") =>
        _vault.Store.CreateAsync(TestVault.Acme, TestVault.Token(key, token));
}
