namespace Credentials.Tests.Checks;

/// <summary>Succeeds, and remembers what it was given.</summary>
public sealed class RecordingTokenCheck : ICredentialCheck
{
    public List<CredentialSecret> Seen { get; } = [];

    public CredentialType Type => CredentialType.ApiToken;

    public Task<CredentialCheckResult> CheckAsync(CredentialSecret secret, CancellationToken cancellationToken = default)
    {
        Seen.Add(secret);
        return Task.FromResult(CredentialCheckResult.Success("the token works"));
    }
}

/// <summary>Fails with a message that (wrongly) quotes the token, as a careless check or a chatty server might.</summary>
public sealed class LeakyTokenCheck : ICredentialCheck
{
    public CredentialType Type => CredentialType.ApiToken;

    public Task<CredentialCheckResult> CheckAsync(CredentialSecret secret, CancellationToken cancellationToken = default) =>
        Task.FromResult(CredentialCheckResult.Failure($"the service refused token {((ApiToken)secret).Token} (401)", "token"));
}

/// <summary>Throws an exception whose message carries the token.</summary>
public sealed class ThrowingTokenCheck : ICredentialCheck
{
    public CredentialType Type => CredentialType.ApiToken;

    public Task<CredentialCheckResult> CheckAsync(CredentialSecret secret, CancellationToken cancellationToken = default) =>
        throw new InvalidOperationException("bad token " + ((ApiToken)secret).Token);
}

/// <summary>Waits until cancelled.</summary>
public sealed class SlowTokenCheck : ICredentialCheck
{
    public CredentialType Type => CredentialType.ApiToken;

    public async Task<CredentialCheckResult> CheckAsync(CredentialSecret secret, CancellationToken cancellationToken = default)
    {
        await Task.Delay(Timeout.Infinite, cancellationToken);
        return CredentialCheckResult.Success("unreachable");
    }
}

/// <summary>Puts the token, base64-encoded, in the message, and the token itself in the field name.</summary>
public sealed class LeakyFieldCheck : ICredentialCheck
{
    public CredentialType Type => CredentialType.ApiToken;

    public Task<CredentialCheckResult> CheckAsync(CredentialSecret secret, CancellationToken cancellationToken = default)
    {
        var token = ((ApiToken)secret).Token;
        return Task.FromResult(CredentialCheckResult.Failure(
            $"the service answered: Authorization: Bearer {Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(token))} is invalid (401)", token));
    }
}
