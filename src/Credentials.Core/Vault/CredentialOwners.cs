namespace Credentials;

/// <summary>
/// Who may see which credential. A context without a user is the organization's administrator: every credential of the
/// organization. A context with a user: the organization's shared credentials and that user's own, nothing of another
/// user's (which reads as "not found", so its existence is not revealed either).
/// </summary>
internal static class CredentialOwners
{
    public static bool CanSee(CredentialContext context, string? ownerUserId) =>
        context.UserId is null || ownerUserId is null || string.Equals(ownerUserId, context.UserId, StringComparison.Ordinal);

    /// <summary>The organization id of a context, refusing a default (never constructed) one.</summary>
    public static string OrganizationId(this CredentialContext context) => context.Organization.Checked("context");

    /// <summary>The owner a new credential gets for <paramref name="ownership"/>, or a validation error.</summary>
    public static string? OwnerFor(CredentialContext context, CredentialOwnership ownership) => ownership switch
    {
        CredentialOwnership.Organization => null,
        CredentialOwnership.User when context.UserId is not null => context.UserId,
        CredentialOwnership.User => throw new CredentialValidationException([new("owner_user_id", "a personal credential needs a context that names its user")]),
        _ => throw new CredentialValidationException([new("ownership", "must be organization or user")]),
    };

    /// <summary>Checks the owner of a new credential against the acting context; adds errors for another user's or an invalid id.</summary>
    public static void ValidateNewOwner(CredentialContext context, string? ownerUserId, List<CredentialValidationError> errors)
    {
        if (ownerUserId is null)
        {
            return;
        }

        if (!UserIds.IsValid(ownerUserId))
        {
            CredentialValidator.AddError(errors, "owner_user_id", UserIds.Rule);
        }
        else if (context.UserId is not null && !string.Equals(ownerUserId, context.UserId, StringComparison.Ordinal))
        {
            CredentialValidator.AddError(errors, "owner_user_id", "a user can create only their own personal credentials (or shared ones)");
        }
    }
}
