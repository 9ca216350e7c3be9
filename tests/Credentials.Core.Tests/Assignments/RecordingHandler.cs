namespace Credentials.Tests.Assignments;

/// <summary>A host's consumer handler for tests: records every call and throws while <see cref="Failure"/> is set.</summary>
internal sealed class RecordingHandler(ConsumerKind kind) : IConsumerDeletionHandler
{
    private readonly Lock _lock = new();

    public ConsumerKind Kind { get; } = kind;

    public Exception? Failure { get; set; }

    /// <summary>Runs inside the deletion call, before the failure check (for example to change the store meanwhile).</summary>
    public Func<Task>? During { get; set; }

    public List<(OrganizationId Org, CredentialView Credential, IReadOnlyList<ConsumerImpact> Consumers)> Deleted { get; } = [];

    public List<(OrganizationId Org, CredentialView Credential, IReadOnlyList<ConsumerRef> Consumers)> Recovered { get; } = [];

    public async Task OnCredentialDeletedAsync(OrganizationId org, CredentialView credential, IReadOnlyList<ConsumerImpact> consumers, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Deleted.Add((org, credential, consumers));
        }

        if (During is { } during)
        {
            await during();
        }

        if (Failure is { } failure)
        {
            throw failure;
        }
    }

    public Task OnCredentialRecoveredAsync(OrganizationId org, CredentialView credential, IReadOnlyList<ConsumerRef> consumers, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            Recovered.Add((org, credential, consumers));
        }

        return Failure is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }
}
