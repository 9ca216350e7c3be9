using Credentials.Storage;

namespace Credentials;

/// <summary>The in-memory provider is held to the same contract as the durable ones.</summary>
public sealed class InMemoryCredentialStorageTests : CredentialStorageConformanceTests
{
    protected override Task<ICredentialStorage> CreateStorageAsync() => Task.FromResult<ICredentialStorage>(new InMemoryCredentialStorage());
}
