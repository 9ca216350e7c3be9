namespace Credentials.Tests.Assignments;

/// <summary>A handler that depends on the store itself (resolved lazily by the vault, so no dependency cycle).</summary>
internal sealed class StoreReadingHandler(ICredentialStore store) : IConsumerDeletionHandler
{
    public int Calls { get; private set; }

    public ConsumerKind Kind => ConsumerKind.Skill;

    public async Task OnCredentialDeletedAsync(OrganizationId org, CredentialView credential, IReadOnlyList<ConsumerImpact> consumers, CancellationToken cancellationToken = default)
    {
        Calls++;
        Assert.NotNull(await store.GetAsync(org, credential.Id, cancellationToken));
    }
}
