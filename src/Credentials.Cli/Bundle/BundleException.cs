namespace Credentials.Cli.Bundle;

/// <summary>A bundle that cannot be opened: damaged, truncated, edited, or a wrong passphrase. Nothing was imported.</summary>
internal sealed class BundleException : Exception
{
    public BundleException(string message)
        : base(message)
    {
    }

    public BundleException()
        : this("The bundle cannot be opened.")
    {
    }

    public BundleException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
