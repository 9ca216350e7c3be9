namespace Credentials.Cli;

/// <summary>The process exit codes (documented in README.md; scripts depend on them, so they never change meaning).</summary>
internal static class ExitCodes
{
    /// <summary>Everything asked for was done.</summary>
    public const int Ok = 0;

    /// <summary>The operation failed: an unreachable database, an I/O error, a refused operation, problems found by doctor.</summary>
    public const int Failure = 1;

    /// <summary>The command line or the configuration is wrong: unknown option, missing setting, a secret on the command line.</summary>
    public const int Usage = 2;

    /// <summary>Something failed authentication: a credential that does not open, a damaged database, a damaged or wrong-passphrase bundle, a key that does not fit the store.</summary>
    public const int Integrity = 3;

    /// <summary>An import found credentials that already exist in the target with other contents; nothing was imported.</summary>
    public const int Conflict = 4;

    /// <summary><c>keys migrate</c> ran but the migration is not complete: keys of the previous provider still wrap credentials (changed during the run); run it again.</summary>
    public const int Incomplete = 5;

    /// <summary>Interrupted (Ctrl+C) before the operation completed.</summary>
    public const int Cancelled = 130;
}
