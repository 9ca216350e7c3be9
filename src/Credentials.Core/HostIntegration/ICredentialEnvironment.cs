namespace Credentials;

/// <summary>
/// Turns credentials into environment variables for a child process, such as an MCP server started over stdio. Thread-safe;
/// registered as a singleton by <c>AddCredentials()</c>.
/// </summary>
/// <remarks>
/// <para>Variable names, for each credential:</para>
/// <list type="bullet">
/// <item>its template declares them (<see cref="CredentialTemplate.EnvironmentVariables"/>): exactly the fields it names,
/// under the names it gives (<c>AWS_CREDENTIALS</c> → <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>);</item>
/// <item>otherwise an API token, or a custom credential (its JSON text), is one variable named after the key
/// (<c>OPENAI_API_KEY</c>);</item>
/// <item>otherwise every field that is set is one variable, <c>KEY_FIELD</c> in upper case (<c>MAIL_SMTP_HOST</c>,
/// <c>MAIL_SMTP_PASSWORD</c>).</item>
/// </list>
/// <para>
/// A credential's template is the one it was created from (when its type still matches), else the first template of the
/// catalog with the same key and type. Names match <c>[A-Z_][A-Z0-9_]*</c>. Two credentials that would set the same
/// variable, or a value an environment cannot carry (a NUL character), fail with <see cref="CredentialValidationException"/>
/// before anything is returned. The dictionary holds plaintext: pass it to the child and drop it.
/// </para>
/// <para>
/// The <c>scope</c> of each method says whose credentials are used, as for <see cref="ICredentialResolver"/>:
/// <see cref="ResolveScope.Organization"/> (the default) the organization's shared ones only, <see cref="ResolveScope.User"/>
/// the context user's own only, <see cref="ResolveScope.UserThenOrganization"/> the user's own where they have one, else the
/// shared one. It is never chosen silently from the context.
/// </para>
/// </remarks>
public interface ICredentialEnvironment
{
    /// <summary>The environment variables of the credentials with these keys.</summary>
    /// <param name="context">The organization and, optionally, the user the child process acts for.</param>
    /// <param name="keys">The credential keys, such as <c>GITHUB_TOKEN</c>; each is resolved once.</param>
    /// <param name="scope">Whose credentials are used (see the remarks).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Variable name → value, ordinal names.</returns>
    /// <exception cref="ArgumentException">A user scope in a context without a user, or a blank key.</exception>
    /// <exception cref="CredentialNotFoundException">A key has no credential in the scope.</exception>
    /// <exception cref="CredentialConnectionRequiredException"><see cref="ResolveScope.User"/> and the user has not connected a key.</exception>
    /// <exception cref="CredentialValidationException">Two credentials set the same variable, or a value cannot be carried (field <c>key</c> or the field's wire name).</exception>
    /// <exception cref="CredentialIntegrityException">Stored data failed authentication.</exception>
    Task<IReadOnlyDictionary<string, string>> BuildAsync(
        CredentialContext context,
        IEnumerable<string> keys,
        ResolveScope scope = ResolveScope.Organization,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The environment variables of every credential assigned to <paramref name="consumer"/> (<see cref="ICredentialAssignments"/>)
    /// that the context may see. A shared credential's key is resolved in <paramref name="scope"/>; a personal credential of
    /// the context's user assigned to the consumer is that user's own.
    /// </summary>
    /// <param name="context">The organization and, optionally, the user the child process acts for.</param>
    /// <param name="consumer">The consumer, such as the MCP server's tool definition.</param>
    /// <param name="scope">Whose credentials are used for the shared keys (see the remarks).</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>Variable name → value; empty when nothing is assigned.</returns>
    /// <exception cref="ArgumentException">A user scope in a context without a user.</exception>
    /// <exception cref="CredentialConnectionRequiredException"><see cref="ResolveScope.User"/> and the user has not connected an assigned key.</exception>
    /// <exception cref="CredentialValidationException">Two credentials set the same variable, or a value cannot be carried.</exception>
    /// <exception cref="CredentialIntegrityException">Stored data failed authentication.</exception>
    Task<IReadOnlyDictionary<string, string>> BuildAsync(
        CredentialContext context,
        ConsumerRef consumer,
        ResolveScope scope = ResolveScope.Organization,
        CancellationToken cancellationToken = default);
}
