namespace Credentials;

/// <summary>Builds child-process environments from resolved credentials (see <see cref="ICredentialEnvironment"/>).</summary>
internal sealed class CredentialEnvironment(
    ICredentialStore store,
    ICredentialResolver resolver,
    ICredentialAssignments assignments,
    ICredentialTemplateCatalog templates) : ICredentialEnvironment
{
    public async Task<IReadOnlyDictionary<string, string>> BuildAsync(
        CredentialContext context,
        IEnumerable<string> keys,
        ResolveScope scope = ResolveScope.Organization,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        CheckScope(context, scope);
        var wanted = new List<(string Key, ResolveScope Scope)>();
        foreach (var key in keys)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(key, nameof(keys));
            wanted.Add((key, scope));
        }

        return await BuildCoreAsync(context, wanted, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyDictionary<string, string>> BuildAsync(
        CredentialContext context,
        ConsumerRef consumer,
        ResolveScope scope = ResolveScope.Organization,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        CheckScope(context, scope);
        var assigned = await assignments.ListCredentialsAsync(context, consumer, cancellationToken).ConfigureAwait(false);
        var wanted = new List<(string Key, ResolveScope Scope)>();
        foreach (var view in assigned.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (view.OwnerUserId is null)
            {
                wanted.Add((view.Key, scope));
            }
            else if (string.Equals(view.OwnerUserId, context.UserId, StringComparison.Ordinal))
            {
                wanted.Add((view.Key, ResolveScope.User)); // the user's own, assigned to the consumer itself
            }
        }

        return await BuildCoreAsync(context, wanted, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyDictionary<string, string>> BuildCoreAsync(
        CredentialContext context,
        List<(string Key, ResolveScope Scope)> wanted,
        CancellationToken cancellationToken)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        var setBy = new Dictionary<string, string>(StringComparer.Ordinal);
        var done = new HashSet<(string, ResolveScope)>();
        foreach (var (key, scope) in wanted)
        {
            if (!done.Add((key, scope)))
            {
                continue;
            }

            var (secret, templateId) = await ResolveAsync(context, key, scope, cancellationToken).ConfigureAwait(false);
            var template = TemplateFor(key, secret.Type, templateId);
            foreach (var (name, value) in Variables(key, secret, template))
            {
                if (value.Contains('\0', StringComparison.Ordinal))
                {
                    throw new CredentialValidationException(
                        [new CredentialValidationError("key", $"'{key}' holds a value with a NUL character, which an environment variable cannot carry")]);
                }

                if (!setBy.TryAdd(name, key))
                {
                    throw new CredentialValidationException(
                        [new CredentialValidationError("key", $"'{setBy[name]}' and '{key}' would both set the environment variable {name}")]);
                }

                variables[name] = value;
            }
        }

        return variables.AsReadOnly();
    }

    /// <summary>The values and the template id of the credential the key resolves to in the scope (the exact one, so its template is known).</summary>
    private async Task<(CredentialSecret Secret, string? TemplateId)> ResolveAsync(CredentialContext context, string key, ResolveScope scope, CancellationToken cancellationToken)
    {
        CredentialView? view = null;
        var exact = ResolveScope.Organization;
        if (scope is ResolveScope.User or ResolveScope.UserThenOrganization)
        {
            view = await store.GetByKeyAsync(context, key, CredentialOwnership.User, cancellationToken).ConfigureAwait(false);
            exact = ResolveScope.User;
        }

        if (view is null && scope is ResolveScope.Organization or ResolveScope.UserThenOrganization)
        {
            view = await store.GetByKeyAsync(context, key, CredentialOwnership.Organization, cancellationToken).ConfigureAwait(false);
            exact = ResolveScope.Organization;
        }

        // No card: the resolver throws the exception the scope calls for (not found, or "connect your account").
        var secret = await resolver.ResolveAsync<CredentialSecret>(context, key, view is null ? scope : exact, cancellationToken).ConfigureAwait(false);
        return (secret, view?.TemplateId);
    }

    private CredentialTemplate? TemplateFor(string key, CredentialType type, string? templateId)
    {
        if (templateId is not null && templates.Find(templateId) is { } own && own.Type == type)
        {
            return own;
        }

        return templates.All.FirstOrDefault(t => t.Type == type && string.Equals(t.Key, key, StringComparison.Ordinal));
    }

    /// <summary>The variables of one credential, by the rules on <see cref="ICredentialEnvironment"/>.</summary>
    internal static IEnumerable<(string Name, string Value)> Variables(string key, CredentialSecret secret, CredentialTemplate? template)
    {
        var values = secret.GetFieldValues();
        if (template is { EnvironmentVariables.Count: > 0 })
        {
            foreach (var (field, value) in values)
            {
                if (template.EnvironmentVariables.TryGetValue(field, out var name))
                {
                    yield return (name, value);
                }
            }

            yield break;
        }

        if (secret.Type.IsSingleValue())
        {
            if (values.Count > 0)
            {
                yield return (Checked(key), values[0].Value);
            }

            yield break;
        }

        foreach (var (field, value) in values)
        {
            yield return (Checked((key + "_" + field).ToUpperInvariant()), value);
        }
    }

    private static string Checked(string name) =>
        EnvironmentVariableNames.IsValid(name)
            ? name
            : throw new CredentialValidationException([new CredentialValidationError("key", $"the environment variable {name} {EnvironmentVariableNames.Rule}")]);

    private static void CheckScope(CredentialContext context, ResolveScope scope)
    {
        _ = context.OrganizationId();
        if (!Enum.IsDefined(scope))
        {
            throw new ArgumentOutOfRangeException(nameof(scope), scope, "The resolve scope is not defined.");
        }

        if (scope != ResolveScope.Organization && context.UserId is null)
        {
            throw new ArgumentException(
                $"ResolveScope.{scope} needs a context that names the user; use ResolveScope.Organization for the organization's shared credentials.",
                nameof(context));
        }
    }
}
