using Credentials.Storage;

namespace Credentials;

/// <summary>
/// The one place where OAuth connections enforce who may connect which credential. The organization must be the
/// credential's and the flow's. A user's personal credential is begun, read and connected only in a context naming that
/// user, so a flow begun by one user never completes onto another user's credential; the organization's shared ones in
/// any context of the organization (a user may connect the shared account, if the host lets them).
/// </summary>
internal static class OAuthOwnership
{
    /// <summary>Whether <paramref name="context"/> may begin, complete or read the connection of <paramref name="record"/>.</summary>
    /// <exception cref="CredentialNotFoundException">It may not (the credential's existence is not revealed).</exception>
    public static void EnsureMayConnect(CredentialContext context, CredentialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!string.Equals(context.Organization.Value, record.Metadata.OrganizationId, StringComparison.Ordinal)
            || (record.Metadata.OwnerUserId is { } owner && !string.Equals(owner, context.UserId, StringComparison.Ordinal)))
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
    }
}
