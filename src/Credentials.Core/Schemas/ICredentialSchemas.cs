namespace Credentials;

/// <summary>The form definition of every credential type, so a host can render the right form for the selected type.</summary>
public interface ICredentialSchemas
{
    /// <summary>Every type's schema, in <see cref="CredentialType"/> order.</summary>
    IReadOnlyList<CredentialSchema> All { get; }

    /// <summary>The schema of one type.</summary>
    /// <param name="type">The type.</param>
    /// <exception cref="ArgumentOutOfRangeException">The type is not defined.</exception>
    CredentialSchema Get(CredentialType type);
}
