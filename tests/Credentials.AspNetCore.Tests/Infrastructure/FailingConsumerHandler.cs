namespace Credentials.AspNetCore.Tests;

/// <summary>The host's handler for skills: succeeds unless <see cref="Fail"/> is set, then throws as a broken host would.</summary>
public sealed class FailingConsumerHandler : IConsumerDeletionHandler
{
    public ConsumerKind Kind => ConsumerKind.Skill;

    public bool Fail { get; set; }

    public Task OnCredentialDeletedAsync(OrganizationId org, CredentialView credential, IReadOnlyList<ConsumerImpact> consumers, CancellationToken cancellationToken = default) =>
        Fail ? throw new InvalidOperationException("skills database is down at db.internal:5432") : Task.CompletedTask;
}
