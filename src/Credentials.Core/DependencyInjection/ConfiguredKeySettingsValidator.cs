using Microsoft.Extensions.Options;

namespace Credentials;

/// <summary>
/// Checks the key settings read from configuration at start-up, naming each configuration key; never quotes a value (they
/// are the master key and the passphrase).
/// </summary>
internal sealed class ConfiguredKeySettingsValidator(CredentialsConfigurationPaths paths) : IValidateOptions<ConfiguredKeySettings>
{
    public ValidateOptionsResult Validate(string? name, ConfiguredKeySettings options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var set = new List<string>();
        if (ConfiguredKeySettings.IsSet(options.MasterKey))
        {
            set.Add(paths.Of("MasterKey"));
            if (Microsoft.Extensions.DependencyInjection.CredentialsMasterKeyBuilderExtensions.DescribeBadBase64Key(options.MasterKey!) is { } problem)
            {
                failures.Add($"{paths.Of("MasterKey")} {problem}");
            }
        }

        if (ConfiguredKeySettings.IsSet(options.Passphrase))
        {
            set.Add(paths.Of("Passphrase"));
            try
            {
                PassphraseKeyRingProtection.CheckPassphrase(options.Passphrase!);
            }
            catch (ArgumentException ex)
            {
                failures.Add($"{paths.Of("Passphrase")} is refused: {ex.Message.Split(" (Parameter", 2)[0]}");
            }
        }

        if (ConfiguredKeySettings.IsSet(options.KeyFile))
        {
            set.Add(paths.Of("KeyFile"));
        }

        if (set.Count > 1)
        {
            failures.Add(
                $"Set only one of {paths.Of("MasterKey")}, {paths.Of("Passphrase")} and {paths.Of("KeyFile")} (found {string.Join(" and ", set)}): " +
                "each is a different key provider, and a store is sealed under one.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
