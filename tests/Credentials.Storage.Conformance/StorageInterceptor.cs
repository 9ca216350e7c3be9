using System.Collections.Concurrent;
using System.Reflection;

namespace Credentials.Storage;

/// <summary>
/// Wraps an <see cref="ICredentialStorage"/> for tests that must act at the storage layer: hold the next call of a method at
/// a gate (the vault has sealed and is inside the write) until the test releases it, fail every write (a full disk, a
/// read-only file), and count calls. A <see cref="DispatchProxy"/>, so it forwards every member of the contract, whatever
/// it holds.
/// </summary>
public class StorageInterceptor : DispatchProxy
{
    /// <summary>The methods that change the store.</summary>
    public static readonly IReadOnlySet<string> WriteMethods = new HashSet<string>(StringComparer.Ordinal)
    {
        "InsertAsync", "UpdateAsync", "DeleteAsync", "ReplaceSealedAsync", "ReplaceDeletedSealedAsync", "TryAddSettingAsync",
        "ReplaceSettingAsync", "RetireKeyAsync", "SoftDeleteAsync", "RestoreAsync", "PurgeAsync", "PurgeDeletedBeforeAsync",
        "AssignAsync", "UnassignAsync", "SetOAuthConnectionAsync", "AppendAuditAsync", "UpdateLastUsedAsync",
    };

    private readonly ConcurrentQueue<(string Method, string? Argument)> _calls = new();
    private readonly Lock _lock = new();
    private ICredentialStorage _inner = null!;
    private HashSet<string>? _gated;
    private TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The wrapped storage.</summary>
    public ICredentialStorage Inner => _inner;

    /// <summary>When set, every write method throws what it returns (before reaching the wrapped storage).</summary>
    public Func<string, Exception>? FailWrites { get; set; }

    /// <summary>Completes when a gated call has arrived and is being held.</summary>
    public Task Entered => _entered.Task;

    /// <summary>Every call so far: the method and its first argument when that is a string.</summary>
    public IReadOnlyList<(string Method, string? Argument)> Calls => [.. _calls];

    /// <summary>Wraps <paramref name="inner"/>; the returned storage's interceptor is <see cref="Of"/>.</summary>
    public static ICredentialStorage Wrap(ICredentialStorage inner)
    {
        ArgumentNullException.ThrowIfNull(inner);
        var proxy = Create<ICredentialStorage, StorageInterceptor>();
        ((StorageInterceptor)(object)proxy)._inner = inner;
        return proxy;
    }

    /// <summary>The interceptor behind a storage that <see cref="Wrap"/> made.</summary>
    public static StorageInterceptor Of(ICredentialStorage storage) => (StorageInterceptor)(object)storage;

    /// <summary>Holds the next call of any of <paramref name="methods"/> (once) until <see cref="Release"/>.</summary>
    public void Arm(params string[] methods)
    {
        lock (_lock)
        {
            _gated = [.. methods];
            _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>Lets the held call go on to the wrapped storage.</summary>
    public void Release() => _release.TrySetResult();

    /// <summary>Forgets the calls counted so far.</summary>
    public void ClearCalls() => _calls.Clear();

    /// <inheritdoc/>
    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        _calls.Enqueue((targetMethod.Name, args is { Length: > 0 } && args[0] is string s ? s : null));
        if (FailWrites is { } fail && WriteMethods.Contains(targetMethod.Name))
        {
            throw fail(targetMethod.Name);
        }

        bool hold;
        lock (_lock)
        {
            hold = _gated?.Contains(targetMethod.Name) == true;
            if (hold)
            {
                _gated = null;
            }
        }

        if (hold && targetMethod.ReturnType.IsGenericType && targetMethod.ReturnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var held = typeof(StorageInterceptor).GetMethod(nameof(HoldAsync), BindingFlags.NonPublic | BindingFlags.Instance)!
                .MakeGenericMethod(targetMethod.ReturnType.GetGenericArguments()[0]);
            return held.Invoke(this, [targetMethod, args]);
        }

        return Forward(targetMethod, args);
    }

    private async Task<T> HoldAsync<T>(MethodInfo method, object?[]? args)
    {
        var release = _release.Task;
        _entered.TrySetResult();
        await release;
        return await (Task<T>)Forward(method, args)!;
    }

    private object? Forward(MethodInfo method, object?[]? args)
    {
        try
        {
            return method.Invoke(_inner, args);
        }
        catch (TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
    }
}
