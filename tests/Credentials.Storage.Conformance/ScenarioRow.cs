namespace Credentials.Storage;

/// <summary>One generated row of a <see cref="ListScenario"/>: only the columns a listing filters and orders by.</summary>
public sealed record ScenarioRow(string Key, string Category, string Type, string SearchText);
