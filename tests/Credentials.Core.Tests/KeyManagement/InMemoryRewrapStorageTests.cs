using Credentials.Storage;

namespace Credentials.Tests.KeyManagement;

public sealed class InMemoryRewrapStorageTests : RewrapStorageTests
{
    protected override ICredentialStorage CreateStorage() => new InMemoryCredentialStorage();
}
