using System.Diagnostics;

namespace Credentials;

/// <summary>
/// The vault's traces: an <see cref="ActivitySource"/> named <c>Credentials</c>, one activity per public operation, in
/// OpenTelemetry's style (low-cardinality names such as <c>credentials.resolve</c>; attributes under <c>credentials.*</c>,
/// <c>error.type</c> on failure). Attributes carry organization ids, credential ids and keys, key ids and counts: never a
/// value. With no listener, <see cref="ActivitySource.StartActivity(string, ActivityKind)"/> returns null at once.
/// </summary>
internal static class CredentialsTelemetry
{
    public const string Name = "Credentials";

    public static readonly ActivitySource Source = new(Name);

    public const string OrganizationTag = "credentials.organization.id";
    public const string UserTag = "credentials.user.id";
    public const string CredentialIdTag = "credentials.credential.id";
    public const string CredentialKeyTag = "credentials.credential.key";
    public const string ScopeTag = "credentials.resolve.scope";
    public const string OutcomeTag = "credentials.outcome";
    public const string KeyIdTag = "credentials.key.id";

    /// <summary>Starts an activity for an operation of an organization (null for a store-wide one); null without listeners.</summary>
    public static Activity? StartActivity(string name, string? organizationId, string? userId = null)
    {
        if (!Source.HasListeners())
        {
            return null;
        }

        var activity = Source.StartActivity(name, ActivityKind.Internal);
        if (activity is not null && organizationId is not null)
        {
            activity.SetTag(OrganizationTag, organizationId);
            if (userId is not null)
            {
                activity.SetTag(UserTag, userId);
            }
        }

        return activity;
    }

    /// <summary>Starts an activity for an operation in a context.</summary>
    public static Activity? StartActivity(string name, CredentialContext context) =>
        Source.HasListeners() ? StartActivity(name, context.Organization.Value, context.UserId) : null;

    /// <summary>Marks the activity failed with the exception's type (its message may not be shown: <c>error.type</c> only).</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error);
        activity.SetTag("error.type", exception.GetType().FullName);
    }
}
