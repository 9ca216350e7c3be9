namespace Credentials.Cli.Commands;

/// <summary>What an import does with one credential of the bundle.</summary>
internal enum ImportAction
{
    /// <summary>Nothing with its owner and key in the target: created (under its old id when that id is free).</summary>
    Create,

    /// <summary>The target already has it with the same name, category, type and values (a repeated import): skipped.</summary>
    Identical,

    /// <summary>The target has another credential with its owner and key: reported, and nothing is imported.</summary>
    Conflict,
}
