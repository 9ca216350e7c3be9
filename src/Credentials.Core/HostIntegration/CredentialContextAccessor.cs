namespace Credentials;

/// <summary>
/// The ambient context in one process-wide <see cref="AsyncLocal{T}"/> (as <c>HttpContextAccessor</c> keeps its value), so
/// every instance and every service provider of the process sees what the host set for the current flow.
/// </summary>
internal sealed class CredentialContextAccessor : ICredentialContextAccessor
{
    private static readonly AsyncLocal<CredentialContext?> Ambient = new();

    public CredentialContext? Current
    {
        get => Ambient.Value;
        set
        {
            if (value is { } context)
            {
                _ = context.OrganizationId();
            }

            Ambient.Value = value;
        }
    }

    public IDisposable BeginScope(CredentialContext context)
    {
        _ = context.OrganizationId();
        var previous = Ambient.Value;
        Ambient.Value = context;
        return new Scope(previous);
    }

    private sealed class Scope(CredentialContext? previous) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Ambient.Value = previous;
            }
        }
    }
}
