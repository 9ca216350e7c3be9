namespace Credentials;

/// <summary>The rules for consumer kinds and consumer references. Messages state the rule, never the value.</summary>
internal static class ConsumerRules
{
    public const int MaxKindNameLength = 64;
    public const int MaxLabelLength = 64;
    public const int MaxIdLength = 256;
    public const int MaxDisplayNameLength = 200;

    /// <summary>What is wrong with a kind's definition, for <c>AddConsumerKind</c>; null when it is fine.</summary>
    public static string? DefinitionProblem(ConsumerKind kind)
    {
        if (TextProblem(kind.Name, MaxKindNameLength) is { } name)
        {
            return "The consumer kind's Name " + name + ".";
        }

        if (TextProblem(kind.Singular, MaxLabelLength) is { } singular)
        {
            return $"The Singular label of consumer kind '{kind.Name}' {singular}.";
        }

        if (TextProblem(kind.Plural, MaxLabelLength) is { } plural)
        {
            return $"The Plural label of consumer kind '{kind.Name}' {plural}.";
        }

        return Enum.IsDefined(kind.DeletionEffect)
            ? null
            : $"The DeletionEffect of consumer kind '{kind.Name}' must be Unlinked or Updated.";
    }

    /// <summary>
    /// Checks a consumer reference against the rules and the registered kinds; returns the registered kind (whose
    /// labels and effect win over the ones the caller's instance carries), or null when <paramref name="errors"/> grew.
    /// </summary>
    public static ConsumerKind? Validate(ConsumerRef consumer, ConsumerKindRegistry kinds, List<CredentialValidationError> errors)
    {
        ConsumerKind? registered = null;
        if (consumer.Kind is null)
        {
            CredentialValidator.AddError(errors, "consumer.kind", "is required");
        }
        else if (TextProblem(consumer.Kind.Name, MaxKindNameLength) is { } problem)
        {
            CredentialValidator.AddError(errors, "consumer.kind", problem);
        }
        else if ((registered = kinds.Find(consumer.Kind.Name)) is null)
        {
            CredentialValidator.AddError(errors, "consumer.kind", "must be a registered consumer kind (" + string.Join(", ", kinds.Kinds.Select(k => k.Name)) + "); register others with AddConsumerKind");
        }

        if (TextProblem(consumer.Id, MaxIdLength) is { } id)
        {
            CredentialValidator.AddError(errors, "consumer.id", id);
        }

        if (!string.IsNullOrWhiteSpace(consumer.DisplayName) && TextProblem(consumer.DisplayName, MaxDisplayNameLength) is { } displayName)
        {
            CredentialValidator.AddError(errors, "consumer.display_name", displayName);
        }

        return errors.Count == 0 ? registered : null;
    }

    /// <summary>The display name to store: null when blank.</summary>
    public static string? DisplayName(ConsumerRef consumer) => string.IsNullOrWhiteSpace(consumer.DisplayName) ? null : consumer.DisplayName;

    private static string? TextProblem(string? value, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return "is required";
        }

        if (value.Length > maxLength)
        {
            return $"must be at most {maxLength} characters";
        }

        foreach (var c in value)
        {
            if (char.IsControl(c))
            {
                return "must not contain control characters or line breaks";
            }
        }

        return null;
    }
}
