using System.Collections.Concurrent;
using System.Reflection;
using Credentials.Storage;

namespace Credentials.Tests.Operations;

/// <summary>A storage decorator that records every last-used write (each credential in each batch) and forwards everything.</summary>
public class CountingStorage : DispatchProxy
{
    private ICredentialStorage _inner = null!;

    public ConcurrentQueue<CredentialUsage> LastUsedWrites { get; } = new();

    public static (ICredentialStorage Storage, CountingStorage Counter) Wrap(ICredentialStorage inner)
    {
        var proxy = Create<ICredentialStorage, CountingStorage>();
        var counter = (CountingStorage)(object)proxy;
        counter._inner = inner;
        return (proxy, counter);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(ICredentialStorage.UpdateLastUsedAsync) && args?[0] is IReadOnlyList<CredentialUsage> usages)
        {
            foreach (var usage in usages)
            {
                LastUsedWrites.Enqueue(usage);
            }
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(ex.InnerException);
            throw;
        }
    }
}
