namespace Credentials.OAuth.Tests;

/// <summary>When a token is due, and how a token response lands on the credential.</summary>
public sealed class OAuthTokenMathTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(15);

    [Theory]
    [InlineData(3600, 2700)]   // 1 h token: refresh 15 min before expiry
    [InlineData(1200, 600)]    // 20 min token: half its lifetime
    [InlineData(30, 15)]       // 30 s token: half its lifetime
    public void RefreshAt_ExpiryMinusMinOfSkewAndHalfLifetime(int lifetimeSeconds, int refreshAfterSeconds)
    {
        var token = new OAuth2("c", "s", "a", "r") { IssuedAt = Now, ExpiresAt = Now.AddSeconds(lifetimeSeconds) };

        Assert.Equal(Now.AddSeconds(refreshAfterSeconds), OAuthTokenMath.RefreshAt(token, Skew));
        Assert.False(OAuthTokenMath.IsDue(token, Now.AddSeconds(refreshAfterSeconds - 1), Skew));
        Assert.True(OAuthTokenMath.IsDue(token, Now.AddSeconds(refreshAfterSeconds), Skew));
    }

    [Fact]
    public void IsDue_NeverConnected_NotDue_ClientCredentialsWithoutToken_Due_NoExpiry_NotDue()
    {
        Assert.False(OAuthTokenMath.IsDue(new OAuth2("c", "s"), Now, Skew));
        Assert.True(OAuthTokenMath.IsDue(new OAuth2("c", "s") { GrantType = OAuth2GrantType.ClientCredentials }, Now, Skew));
        Assert.True(OAuthTokenMath.IsDue(new OAuth2("c", "s", null, "r"), Now, Skew));
        Assert.False(OAuthTokenMath.IsDue(new OAuth2("c", "s", "a", "r"), Now, Skew));
    }

    [Fact]
    public void Apply_NoRefreshTokenReturned_KeepsTheOldOne_ExpiryIsAbsolute()
    {
        var stored = new OAuth2("c", "s", "old-access", "old-refresh");

        var rotated = OAuthTokenMath.Apply(stored, new OAuthTokenResult(OAuthTokenOutcome.Success, "new-access", "new-refresh", 3600, null), Now);
        var kept = OAuthTokenMath.Apply(stored, new OAuthTokenResult(OAuthTokenOutcome.Success, "new-access", null, 3600, null), Now);

        Assert.Equal("new-refresh", rotated.RefreshToken);
        Assert.Equal("old-refresh", kept.RefreshToken);
        Assert.Equal("new-access", kept.AccessToken);
        Assert.Equal(Now.AddHours(1), kept.ExpiresAt);
        Assert.Equal(Now, kept.IssuedAt);
    }

    [Fact]
    public async Task IssuedAt_SurvivesSealAndOpen()
    {
        await using var host = new OAuthHost();
        var view = await host.Store.CreateAsync(OAuthHost.Org, new NewCredential("I", "ISSUED_AT", CredentialCategory.Runtime, new OAuth2("c", "s", "a", "r")));
        await host.Vault.WriteAsync(OAuthHost.Org.Value, view.Id.Value, s => s with { IssuedAt = Now, ExpiresAt = Now.AddYears(10) }, CancellationToken.None);

        var read = await host.Vault.ReadAsync(OAuthHost.Org.Value, view.Id, CancellationToken.None);

        Assert.Equal(Now, read.Secret.IssuedAt);
        Assert.DoesNotContain("issued", read.Secret.ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
