namespace Credentials.OAuth.Tests;

/// <summary>Every test that talks to the authorization server shares one server process.</summary>
[CollectionDefinition(Name)]
public sealed class OidcCollection : ICollectionFixture<OidcServer>
{
    public const string Name = "oidc-provider";
}
