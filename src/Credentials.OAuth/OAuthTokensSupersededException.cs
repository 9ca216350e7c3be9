namespace Credentials;

/// <summary>Tokens about to be written no longer fit the stored credential (it was reconnected or its client changed meanwhile): they are dropped.</summary>
internal sealed class OAuthTokensSupersededException : Exception
{
    public OAuthTokensSupersededException()
        : base("The credential changed while its tokens were being obtained; the new tokens were not stored.")
    {
    }

    public OAuthTokensSupersededException(string message)
        : base(message)
    {
    }

    public OAuthTokensSupersededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
