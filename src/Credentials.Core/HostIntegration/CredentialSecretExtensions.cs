namespace Credentials;

/// <summary>Reads a credential's values by field wire name, for hosts that hand them to something else (configuration, a child process).</summary>
public static class CredentialSecretExtensions
{
    /// <summary>
    /// Every value of <paramref name="secret"/> that is set, by field wire name, in the type's form order (see
    /// <see cref="ICredentialSchemas"/>): <c>token</c>; <c>api_key</c>, <c>api_secret</c>; <c>host</c>, <c>port</c>, ... Secret
    /// values included: the result holds plaintext, so keep it no longer than needed and never log it. Numbers, enums and
    /// times are written as the forms write them (<c>587</c>, <c>starttls</c>, ISO 8601); a custom credential is one value,
    /// <c>value</c>, its JSON text.
    /// </summary>
    /// <param name="secret">The credential's values.</param>
    /// <returns>The values that are set (null and empty ones are left out), in form order.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="secret"/> is null.</exception>
    public static IReadOnlyList<KeyValuePair<string, string>> GetFieldValues(this CredentialSecret secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var fields = CredentialSchemas.Instance.Get(secret.Type).Fields;
        var values = SecretFields.Read(secret);
        var result = new List<KeyValuePair<string, string>>(values.Length);
        for (var i = 0; i < values.Length; i++)
        {
            if (!string.IsNullOrEmpty(values[i]))
            {
                result.Add(new(fields[i].Name, values[i]!));
            }
        }

        return result;
    }

    /// <summary>Whether a credential of <paramref name="type"/> holds one value (an API token, a custom JSON object) rather than several named ones.</summary>
    /// <param name="type">The type.</param>
    public static bool IsSingleValue(this CredentialType type) => type is CredentialType.ApiToken or CredentialType.Custom;
}
