namespace Credentials.Storage;

/// <summary>Generated rows and a query over them, for the listing property.</summary>
public sealed record ListScenario(IReadOnlyList<ScenarioRow> Rows, CredentialStorageQuery Query)
{
    /// <inheritdoc/>
    public override string ToString() =>
        $"Rows = [{string.Join(", ", Rows.Select(r => $"({r.Key}, {r.Category}, {r.Type}, {r.SearchText.Replace("\n", "\\n", StringComparison.Ordinal)})"))}], Query = {Query}";
}
