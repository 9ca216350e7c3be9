using System.Reflection;
using Credentials.Storage;

namespace Credentials.Configuration.Tests;

/// <summary>The storage and its change counter as one interface, so one proxy can stand for a SQLite storage.</summary>
public interface IFaultableStorage : ICredentialStorage, ICredentialStorageChangeCounter;

/// <summary>
/// A storage that fails every call with a transient <see cref="CredentialStorageException"/> while <see cref="Failing"/> is
/// set, as a store that is briefly unavailable does, and otherwise passes each call to the real one.
/// </summary>
public class FaultyStorage : DispatchProxy
{
    private ICredentialStorage _inner = null!;

    /// <summary>While true, every call fails.</summary>
    public bool Failing { get; set; }

    /// <summary>Calls made while failing.</summary>
    public int FailedCalls { get; private set; }

    public static (IFaultableStorage Storage, FaultyStorage Control) Wrap(ICredentialStorage inner)
    {
        var proxy = Create<IFaultableStorage, FaultyStorage>();
        var control = (FaultyStorage)(object)proxy;
        control._inner = inner;
        return (proxy, control);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (Failing)
        {
            FailedCalls++;
            throw new CredentialStorageException("The test store is unavailable for a moment.", isTransient: true);
        }

        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
