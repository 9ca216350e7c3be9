namespace Credentials;

/// <summary>Runs a public operation inside its activity (one per operation), marking a failure with its exception type.</summary>
internal static class Traced
{
    public static async Task<T> RunAsync<T>(string name, CredentialContext context, Func<Task<T>> operation, Guid? credentialId = null)
    {
        using var activity = CredentialsTelemetry.StartActivity(name, context);
        if (activity is not null && credentialId is { } id)
        {
            activity.SetTag(CredentialsTelemetry.CredentialIdTag, id.ToString("N"));
        }

        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CredentialsTelemetry.Fail(activity, ex);
            throw;
        }
    }

    public static async Task RunAsync(string name, CredentialContext context, Func<Task> operation, Guid? credentialId = null) =>
        await RunAsync<bool>(name, context, async () => { await operation().ConfigureAwait(false); return true; }, credentialId).ConfigureAwait(false);

    public static async Task<T> RunStoreAsync<T>(string name, Func<Task<T>> operation)
    {
        using var activity = CredentialsTelemetry.StartActivity(name, (string?)null);
        try
        {
            return await operation().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            CredentialsTelemetry.Fail(activity, ex);
            throw;
        }
    }
}
