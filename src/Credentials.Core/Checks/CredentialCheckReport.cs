namespace Credentials;

/// <summary>The results of every check registered for a credential's type.</summary>
/// <param name="Type">The credential type.</param>
/// <param name="Results">One result per registered check, in registration order; empty when no check is registered for the type.</param>
public sealed record CredentialCheckReport(CredentialType Type, IReadOnlyList<CredentialCheckResult> Results)
{
    /// <summary>Whether any check is registered for this type.</summary>
    public bool HasChecks => Results.Count > 0;

    /// <summary>Whether at least one check ran and every check succeeded.</summary>
    public bool Succeeded => Results.Count > 0 && Results.All(r => r.Succeeded);
}
