namespace Credentials;

/// <summary>What deleting a credential does to a consumer that uses it.</summary>
public enum ConsumerDeletionEffect
{
    /// <summary>The consumer holds one credential and loses it ("2 LLM configs unlinked").</summary>
    Unlinked,

    /// <summary>The consumer holds a list of credentials and drops this one ("1 skill updated").</summary>
    Updated,
}
