namespace Credentials.AspNetCore.Tests;

/// <summary>The real store, except that the next call throws <see cref="Switch.Next"/> when a test sets it.</summary>
public sealed class FaultyStore(ICredentialStore inner, FaultyStore.Switch faults) : ICredentialStore
{
    public Task<CredentialView> CreateAsync(CredentialContext org, NewCredential credential, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfSet();
        return inner.CreateAsync(org, credential, cancellationToken);
    }

    public Task<CredentialView> CreateFromTemplateAsync(CredentialContext org, string templateId, CredentialSecret secret, string? name = null, CredentialOwnership ownership = CredentialOwnership.Organization, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfSet();
        return inner.CreateFromTemplateAsync(org, templateId, secret, name, ownership, cancellationToken);
    }

    public Task<CredentialView?> GetByKeyAsync(CredentialContext org, string key, CredentialOwnership ownership, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfSet();
        return inner.GetByKeyAsync(org, key, ownership, cancellationToken);
    }

    public IAsyncEnumerable<CredentialView> ListAllAsync(CredentialContext org, CredentialQuery? query = null, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfSet();
        return inner.ListAllAsync(org, query, cancellationToken);
    }

    public Task<CredentialView?> GetAsync(CredentialContext org, CredentialId id, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfSet();
        return inner.GetAsync(org, id, cancellationToken);
    }

    public Task<CredentialEditForm> GetForEditAsync(CredentialContext org, CredentialId id, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfSet();
        return inner.GetForEditAsync(org, id, cancellationToken);
    }

    public Task<CredentialPage> ListAsync(CredentialContext org, CredentialQuery? query = null, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfSet();
        return inner.ListAsync(org, query, cancellationToken);
    }

    public Task<CredentialView> UpdateAsync(CredentialContext org, CredentialId id, CredentialUpdate update, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfSet();
        return inner.UpdateAsync(org, id, update, cancellationToken);
    }

    public Task<DeletionImpact> PreviewDeleteAsync(CredentialContext org, CredentialId id, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfSet();
        return inner.PreviewDeleteAsync(org, id, cancellationToken);
    }

    public Task<DeletionImpact> DeleteAsync(CredentialContext org, CredentialId id, CancellationToken cancellationToken = default)
    {
        faults.ThrowIfSet();
        return inner.DeleteAsync(org, id, cancellationToken);
    }

    public sealed class Switch
    {
        public CredentialException? Next { get; set; }

        public void ThrowIfSet()
        {
            var next = Next;
            Next = null;
            if (next is not null)
            {
                throw next;
            }
        }
    }
}
