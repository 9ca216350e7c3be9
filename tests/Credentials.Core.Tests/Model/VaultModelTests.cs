using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.DependencyInjection;
using Credentials.Tests.KeyManagement;

namespace Credentials.Tests.Model;

/// <summary>
/// Issue 13, "must be true": a model-based test of the vault. Random sequences of create, secret update, label edit,
/// soft delete, recover, purge, rotate, rewrap, retire and resolve, each made by one of two vault instances on one SQLite
/// file and one key ring (a passphrase ring in the store, or a shared key file), are run against the vault and against a
/// model (a dictionary of what is active and a list of what is in the recycle bin). After every step the instance that
/// did not act reads the slot back; at the end every acknowledged write is present on both instances, no credential is
/// under a retired key, a rewrap leaves nothing behind, and everything in the bin recovers and opens.
/// </summary>
/// <remarks>
/// Fast mode (every <c>dotnet test</c>): <see cref="FastSequences"/> sequences of up to <see cref="FastSteps"/> steps.
/// Long mode: set <c>CREDENTIALS_MODEL_SEQUENCES</c> (and optionally <c>CREDENTIALS_MODEL_STEPS</c>), for example
/// <c>CREDENTIALS_MODEL_SEQUENCES=500 CREDENTIALS_MODEL_STEPS=80 dotnet test tests/Credentials.Core.Tests --filter VaultModelTests</c>.
/// A failure prints the shrunk sequence of steps and FsCheck's replay seed.
/// </remarks>
public sealed class VaultModelTests
{
    public const int FastSequences = 60;
    public const int FastSteps = 40;

    [Fact]
    public Task RandomOperationsOnTwoInstances_MatchTheModel() =>
        Task.Run(() => Prop.ForAll(VaultStep.Sequences(Setting("CREDENTIALS_MODEL_STEPS", FastSteps)), Gen.Elements(true, false).ToArbitrary(), RunAsync)
            .Check(Config.QuickThrowOnFailure.WithMaxTest(Setting("CREDENTIALS_MODEL_SEQUENCES", FastSequences))));

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    private static async Task RunAsync(VaultStep[] steps, bool passphrase)
    {
        using var directory = new TempDirectory("credentials-model-");
        using var a = Open(directory, passphrase);
        using var b = Open(directory, passphrase);
        var model = new VaultModel();
        for (var i = 0; i < steps.Length; i++)
        {
            var step = steps[i];
            try
            {
                await ApplyAsync(step, step.Instance == 0 ? a : b, model);
                await model.CheckSlotAsync(step.Instance == 0 ? b : a, step.Slot);
            }
            catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
            {
                throw new Xunit.Sdk.XunitException($"step {i} {step} ({(passphrase ? "passphrase ring" : "key file")}) threw {ex.GetType().Name}: {ex.Message}");
            }
            catch (Xunit.Sdk.XunitException ex)
            {
                throw new Xunit.Sdk.XunitException($"step {i} {step} ({(passphrase ? "passphrase ring" : "key file")}): {ex.Message}");
            }
        }

        await model.CheckEverythingAsync(a, b);
    }

    private static async Task ApplyAsync(VaultStep step, KeyFileStore vault, VaultModel model)
    {
        var key = VaultModel.Key(step.Slot);
        var token = VaultModel.Token(step.Slot, step.Value);
        switch (step.Op)
        {
            case VaultOp.Create when model.Active.ContainsKey(step.Slot):
                await Assert.ThrowsAsync<CredentialConflictException>(() => vault.Store.CreateAsync(VaultModel.Org, TestVault.Token(key, token)));
                break;
            case VaultOp.Create:
                var created = await vault.Store.CreateAsync(VaultModel.Org, TestVault.Token(key, token));
                model.Active[step.Slot] = new(created.Id, token, created.Name);
                break;
            case VaultOp.UpdateSecret or VaultOp.Rename or VaultOp.Delete when !model.Active.ContainsKey(step.Slot):
                break; // Nothing to act on (the id would be unknown to the vault too).
            case VaultOp.UpdateSecret:
                var current = model.Active[step.Slot];
                await vault.Store.UpdateAsync(VaultModel.Org, current.Id, new CredentialUpdate { Secret = new ApiToken(token) });
                model.Active[step.Slot] = current with { Token = token };
                break;
            case VaultOp.Rename:
                var renamed = model.Active[step.Slot];
                var form = await vault.Store.GetForEditAsync(VaultModel.Org, renamed.Id);
                var name = $"Name {step.Value}";
                await vault.Store.UpdateAsync(VaultModel.Org, renamed.Id, new CredentialUpdate { Name = name, ExpectedVersion = form.Version });
                model.Active[step.Slot] = renamed with { Name = name };
                break;
            case VaultOp.Delete:
                var deleting = model.Active[step.Slot];
                await vault.Store.DeleteAsync(VaultModel.Org, deleting.Id);
                model.Active.Remove(step.Slot);
                model.Bin.Add(new(deleting.Id, step.Slot, deleting.Token));
                break;
            case VaultOp.Recover:
                await RecoverAsync(step.Slot, vault, model);
                break;
            case VaultOp.Purge:
                if (model.Bin.FirstOrDefault(d => d.Slot == step.Slot) is { } purged)
                {
                    Assert.True(await vault.Services.GetRequiredService<IDeletedCredentials>().PurgeAsync(VaultModel.Org, purged.Id));
                    model.Bin.Remove(purged);
                }

                break;
            case VaultOp.Rotate:
                await vault.Keys.RotateAsync();
                break;
            case VaultOp.Rewrap:
                var result = await vault.Keys.RewrapAsync();
                Assert.Equal((0L, 0L), (result.Remaining, result.Failed));
                break;
            case VaultOp.Retire:
                await RetireOldKeysAsync(vault);
                await VaultModel.CheckNothingUnderRetiredKeysAsync(vault);
                break;
            case VaultOp.Resolve:
                await model.CheckSlotAsync(vault, step.Slot);
                break;
        }
    }

    private static async Task RecoverAsync(int slot, KeyFileStore vault, VaultModel model)
    {
        if (model.Bin.LastOrDefault(d => d.Slot == slot) is not { } deleted)
        {
            return;
        }

        var bin = vault.Services.GetRequiredService<IDeletedCredentials>();
        if (model.Active.ContainsKey(slot))
        {
            await Assert.ThrowsAsync<CredentialConflictException>(() => bin.RecoverAsync(VaultModel.Org, deleted.Id));
            return;
        }

        var view = await bin.RecoverAsync(VaultModel.Org, deleted.Id);
        model.Bin.Remove(deleted);
        model.Active[slot] = new(deleted.Id, deleted.Token, view.Name);
    }

    /// <summary>Retires every older key this instance lists: it must succeed exactly when nothing is wrapped under the key.</summary>
    private static async Task RetireOldKeysAsync(KeyFileStore vault)
    {
        foreach (var key in await vault.Keys.ListKeysAsync())
        {
            if (key.IsPrimary || key.IsRetired)
            {
                continue;
            }

            if (key.WrappedCount == 0)
            {
                await vault.Keys.RetireAsync(key.Id);
            }
            else
            {
                var refused = await Assert.ThrowsAsync<CredentialException>(() => vault.Keys.RetireAsync(key.Id));
                Assert.Contains("still wraps", refused.Message, StringComparison.Ordinal);
            }
        }
    }

    private static KeyFileStore Open(TempDirectory directory, bool passphrase) => passphrase
        ? KeyFileStore.Open(directory, b => b.UsePassphrase("the model's passphrase, shared", PassphraseTests.Cheap))
        : KeyFileStore.Open(directory);
}
