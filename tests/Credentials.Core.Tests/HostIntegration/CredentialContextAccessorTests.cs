using Microsoft.Extensions.DependencyInjection;

namespace Credentials.Tests.HostIntegration;

public sealed class CredentialContextAccessorTests
{
    private static readonly CredentialContext Alice = new(TestVault.Acme, "alice");
    private static readonly CredentialContext Globex = new(TestVault.Globex);

    private readonly ICredentialContextAccessor _accessor = new ServiceCollection().AddCredentials().UseInMemoryStorage()
        .Services.BuildServiceProvider().GetRequiredService<ICredentialContextAccessor>();

    [Fact]
    public void Current_NothingSet_IsNull() => Assert.Null(_accessor.Current);

    [Fact]
    public void BeginScope_SetsAndRestoresThePreviousContext()
    {
        _accessor.Current = Globex;
        using (_accessor.BeginScope(Alice))
        {
            Assert.Equal(Alice, _accessor.Current);
            var inner = _accessor.BeginScope(TestVault.Acme);
            Assert.Equal(new CredentialContext(TestVault.Acme), _accessor.Current);
            inner.Dispose();
            inner.Dispose();
            Assert.Equal(Alice, _accessor.Current);
        }

        Assert.Equal(Globex, _accessor.Current);
        _accessor.Current = null;
    }

    [Fact]
    public async Task BeginScope_FlowsIntoAwaitedAndStartedWork()
    {
        using (_accessor.BeginScope(Alice))
        {
            await Task.Yield();
            Assert.Equal(Alice, _accessor.Current);
            Assert.Equal(Alice, await Task.Run(() => _accessor.Current));
        }

        Assert.Null(_accessor.Current);
    }

    [Fact]
    public async Task Current_SetInsideAnAsyncMethod_DoesNotLeakToItsCaller()
    {
        await SetInsideAsync();

        Assert.Null(_accessor.Current);
    }

    [Fact]
    public void Instances_ShareTheAmbientValue()
    {
        var other = new ServiceCollection().AddCredentials().UseInMemoryStorage()
            .Services.BuildServiceProvider().GetRequiredService<ICredentialContextAccessor>();

        using (_accessor.BeginScope(Alice))
        {
            Assert.Equal(Alice, other.Current);
        }
    }

    [Fact]
    public void BeginScope_DefaultContext_Throws() =>
        Assert.Throws<ArgumentException>(() => _accessor.BeginScope(default));

    private async Task SetInsideAsync()
    {
        _accessor.Current = Alice;
        await Task.Yield();
        Assert.Equal(Alice, _accessor.Current);
    }
}
