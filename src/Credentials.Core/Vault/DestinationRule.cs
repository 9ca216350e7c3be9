namespace Credentials;

/// <summary>
/// Blank keeps the stored secret only while the secret still goes where it went: when an update changes a destination
/// field (<see cref="CredentialFieldSchema.IsDestination"/>), every stored secret field must be given again. Otherwise
/// someone allowed to edit a credential but not to read it could point the SMTP host or the OAuth token endpoint at a
/// server they run and have the vault deliver the stored password or refresh token there.
/// </summary>
internal static class DestinationRule
{
    /// <param name="schema">The credential type's schema.</param>
    /// <param name="stored">The stored values, in schema order.</param>
    /// <param name="given">The values the update gave (null or empty where a field was left blank or not posted).</param>
    /// <param name="merged">The values after the blank-keeps merge.</param>
    /// <param name="errors">Gets one error per secret field that must be entered again.</param>
    public static void Check(CredentialSchema schema, string?[] stored, string?[] given, string?[] merged, List<CredentialValidationError> errors)
    {
        string? changed = null;
        for (var i = 0; i < schema.Fields.Count && changed is null; i++)
        {
            if (schema.Fields[i].IsDestination && !string.Equals(stored[i] ?? string.Empty, merged[i] ?? string.Empty, StringComparison.Ordinal))
            {
                changed = schema.Fields[i].Name;
            }
        }

        if (changed is null)
        {
            return;
        }

        for (var i = 0; i < schema.Fields.Count; i++)
        {
            var field = schema.Fields[i];
            if (field.Secret && !string.IsNullOrEmpty(stored[i]) && string.IsNullOrEmpty(given[i]))
            {
                CredentialValidator.AddError(
                    errors,
                    field.Name,
                    $"must be entered again because the destination changed ({changed}): a stored secret is never sent to a new destination");
            }
        }
    }
}
