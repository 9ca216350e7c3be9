using Credentials.Cli.Bundle;

namespace Credentials.Cli.Commands;

/// <summary>One credential of the bundle and what the import does with it.</summary>
/// <param name="Entry">The credential from the bundle.</param>
/// <param name="Action">Create, skip as identical, or conflict.</param>
/// <param name="Existing">The target's credential with the same owner and key, if any.</param>
internal sealed record ImportItem(BundleEntry Entry, ImportAction Action, CredentialView? Existing)
{
    public CredentialContext Admin => new(Entry.Organization);
}
