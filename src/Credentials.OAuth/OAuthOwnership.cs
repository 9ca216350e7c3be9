using Credentials.Storage;

namespace Credentials;

/// <summary>
/// The one place where OAuth connections enforce who may connect which credential. Today every lookup is scoped by
/// organization (the context's organization must be the credential's and the flow's).
/// </summary>
internal static class OAuthOwnership
{
    // TODO(per-user): once CredentialRecord / CredentialMetadataRecord carry OwnerUserId (main is adding it):
    //  - EnsureMayConnect: a user-owned credential may be begun, read (status) and connected only in a context whose UserId
    //    is its owner (throw CredentialNotFoundException otherwise: do not reveal that it exists); an organization credential
    //    in any context of the organization.
    //  - EnsureFlowTarget: the flow's UserId must be the credential's owner when the credential is user-owned, so a flow
    //    begun by user A never completes onto user B's credential (the sealed verifier already binds the flow's user id).
    //  - EnsureMayRegister: OAuthClientRegistration.OwnerUserId must be null or equal to context.UserId, and goes to
    //    NewCredential.OwnerUserId.
    //  - The refresh on resolve then finds the credential by (organization, owner, key), not by key alone.
    //  Test to complete: CredentialConnectionsTests.Complete_FlowOfUserA_NeverLandsOnUserBsCredential (skipped today).

    /// <summary>Whether <paramref name="context"/> may begin, complete or read the connection of <paramref name="record"/>.</summary>
    /// <exception cref="CredentialNotFoundException">It may not (the credential's existence is not revealed).</exception>
    public static void EnsureMayConnect(CredentialContext context, CredentialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!string.Equals(context.Organization.Value, record.Metadata.OrganizationId, StringComparison.Ordinal))
        {
            throw new CredentialNotFoundException($"No credential {new CredentialId(record.Metadata.Id)} exists in organization '{context.Organization}'.");
        }
    }

    /// <summary>Whether the flow may store tokens on <paramref name="record"/>.</summary>
    /// <exception cref="CredentialValidationException">It may not; nothing is stored.</exception>
    public static void EnsureFlowTarget(OAuthFlowRecord flow, CredentialRecord record)
    {
        ArgumentNullException.ThrowIfNull(flow);
        ArgumentNullException.ThrowIfNull(record);
        if (!string.Equals(flow.OrganizationId, record.Metadata.OrganizationId, StringComparison.Ordinal) || flow.CredentialId != record.Metadata.Id)
        {
            throw new CredentialValidationException([new("state", "does not belong to this credential; begin the connection again")]);
        }

        EnsureMayConnect(new CredentialContext(new OrganizationId(flow.OrganizationId), flow.UserId), record);
    }

    /// <summary>Whether <paramref name="context"/> may register a client owned by <paramref name="ownerUserId"/>.</summary>
    /// <exception cref="CredentialValidationException">It may not.</exception>
    public static void EnsureMayRegister(CredentialContext context, string? ownerUserId)
    {
        if (ownerUserId is not null && !string.Equals(ownerUserId, context.UserId, StringComparison.Ordinal))
        {
            throw new CredentialValidationException([new("owner_user_id", "must be the user of the context (a user registers clients for themselves)")]);
        }

        // TODO(per-user): remove once NewCredential.OwnerUserId exists; until then a personal client would land as a shared one.
        if (ownerUserId is not null)
        {
            throw new CredentialValidationException([new("owner_user_id", "is not supported yet: per-user credentials are not available in this version")]);
        }
    }
}
