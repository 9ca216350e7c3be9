using Microsoft.Extensions.DependencyInjection;
using Credentials.Tests.KeyManagement;

namespace Credentials.Tests.Model;

/// <summary>What the vault should hold: the active credential of each slot, and the recycle bin in deletion order.</summary>
internal sealed class VaultModel
{
    public static readonly OrganizationId Org = TestVault.Acme;

    public Dictionary<int, ActiveCredential> Active { get; } = [];

    public List<DeletedCredential> Bin { get; } = [];

    public static string Key(int slot) => $"K{slot}";

    public static string Token(int slot, int value) => $"sk-model-{slot}-{value:D6}-secret";

    /// <summary>The slot reads back as the model says: its value and name, or nothing.</summary>
    public async Task CheckSlotAsync(KeyFileStore vault, int slot)
    {
        var secret = await vault.Resolver.TryResolveAsync(Org, Key(slot));
        if (Active.TryGetValue(slot, out var active))
        {
            Assert.Equal(active.Token, Assert.IsType<ApiToken>(secret).Token);
            Assert.Equal(active.Name, (await vault.Store.GetAsync(Org, active.Id))!.Name);
        }
        else
        {
            Assert.Null(secret);
        }
    }

    public async Task CheckEverythingAsync(KeyFileStore a, KeyFileStore b)
    {
        foreach (var vault in new[] { a, b })
        {
            for (var slot = 0; slot < VaultStep.Slots; slot++)
            {
                await CheckSlotAsync(vault, slot);
            }

            var bin = await vault.Services.GetRequiredService<IDeletedCredentials>().ListAsync(Org);
            Assert.Equal(Bin.Select(d => d.Id.Value).Order(), bin.Select(d => d.Credential.Id.Value).Order());
            await CheckNothingUnderRetiredKeysAsync(vault);
        }

        // A rewrap leaves nothing behind, the old keys retire, and everything in the bin recovers and opens.
        var rewrap = await a.Keys.RewrapAsync();
        Assert.Equal((0L, 0L), (rewrap.Remaining, rewrap.Failed));
        foreach (var key in (await a.Keys.ListKeysAsync()).Where(k => !k.IsPrimary && !k.IsRetired))
        {
            await a.Keys.RetireAsync(key.Id);
        }

        var deleted = b.Services.GetRequiredService<IDeletedCredentials>();
        foreach (var item in Bin.AsEnumerable().Reverse().DistinctBy(d => d.Slot).Where(d => !Active.ContainsKey(d.Slot)).ToList())
        {
            await deleted.RecoverAsync(Org, item.Id);
            Assert.Equal(item.Token, (await a.Resolver.ResolveAsync<ApiToken>(Org, Key(item.Slot))).Token);
        }
    }

    /// <summary>No credential (active or deleted) is wrapped under a key this instance knows to be retired.</summary>
    public static async Task CheckNothingUnderRetiredKeysAsync(KeyFileStore vault)
    {
        var keys = await vault.Keys.ListKeysAsync();
        Assert.All(keys.Where(k => k.IsRetired), k => Assert.Equal(0, k.WrappedCount));
        var wrapped = keys.Sum(k => k.WrappedCount);
        var counts = await vault.Storage.CountByKeyIdAsync();
        Assert.Equal(counts.Values.Sum(), wrapped);
    }
}

internal sealed record ActiveCredential(CredentialId Id, string Token, string Name);

internal sealed record DeletedCredential(CredentialId Id, int Slot, string Token);
