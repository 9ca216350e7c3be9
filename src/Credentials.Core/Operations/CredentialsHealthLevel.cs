namespace Credentials;

/// <summary>The three answers of a health check.</summary>
internal enum CredentialsHealthLevel
{
    Unhealthy,
    Degraded,
    Healthy,
}
