namespace Credentials.Storage;

/// <summary>
/// The failure contract: when the store itself fails, every operation throws <see cref="CredentialStorageException"/>
/// with the driver's exception inside, never the driver's own exception type.
/// </summary>
public abstract partial class CredentialStorageConformanceTests
{
    /// <summary>Every operation of <see cref="ICredentialStorage"/>, by name.</summary>
    public static TheoryData<string> Operations =>
    [
        nameof(ICredentialStorage.InitializeAsync),
        nameof(ICredentialStorage.FindByIdAsync),
        nameof(ICredentialStorage.FindByKeyAsync),
        nameof(ICredentialStorage.FindResolvableByKeyAsync),
        nameof(ICredentialStorage.ListAsync),
        nameof(ICredentialStorage.InsertAsync),
        nameof(ICredentialStorage.UpdateAsync),
        nameof(ICredentialStorage.DeleteAsync),
        nameof(ICredentialStorage.CountByKeyIdAsync),
        nameof(ICredentialStorage.ListNotUnderKeyAsync),
        nameof(ICredentialStorage.ReplaceSealedAsync),
        nameof(ICredentialStorage.GetSettingAsync),
        nameof(ICredentialStorage.TryAddSettingAsync),
        nameof(ICredentialStorage.SoftDeleteAsync),
        nameof(ICredentialStorage.ListDeletedAsync),
        nameof(ICredentialStorage.FindDeletedAsync),
        nameof(ICredentialStorage.RestoreAsync),
        nameof(ICredentialStorage.PurgeAsync),
        nameof(ICredentialStorage.PurgeDeletedBeforeAsync),
        nameof(ICredentialStorage.AssignAsync),
        nameof(ICredentialStorage.UnassignAsync),
        nameof(ICredentialStorage.ListAssignmentsAsync),
        nameof(ICredentialStorage.ListAssignedCredentialsAsync),
    ];

    /// <summary>
    /// A storage whose store cannot be used at all (a server nobody listens for, a file of garbage), or null when the
    /// provider has no such state (in memory): the failure tests then have nothing to check.
    /// </summary>
    protected virtual Task<ICredentialStorage?> CreateBrokenStorageAsync() => Task.FromResult<ICredentialStorage?>(null);

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task EveryOperation_StoreUnusable_ThrowsCredentialStorageExceptionWithTheDriverErrorInside(string operation)
    {
        var broken = await CreateBrokenStorageAsync();
        if (broken is null)
        {
            return;
        }

        try
        {
            var error = await Assert.ThrowsAsync<CredentialStorageException>(() => CallAsync(broken, operation));

            Assert.NotNull(error.InnerException);
            Assert.IsNotType<CredentialStorageException>(error.InnerException);
            Assert.False(string.IsNullOrWhiteSpace(error.Message));
        }
        finally
        {
            if (broken is IAsyncDisposable asyncDisposable)
            {
                await asyncDisposable.DisposeAsync();
            }
            else if (broken is IDisposable disposable)
            {
                disposable.Dispose();
            }
        }
    }

    private static Task CallAsync(ICredentialStorage storage, string operation)
    {
        var record = TestRecords.New(Org, "OPENAI_API_KEY");
        var id = record.Metadata.Id;
        return operation switch
        {
            nameof(ICredentialStorage.InitializeAsync) => storage.InitializeAsync(),
            nameof(ICredentialStorage.FindByIdAsync) => storage.FindByIdAsync(Org, id),
            nameof(ICredentialStorage.FindByKeyAsync) => storage.FindByKeyAsync(Org, "OPENAI_API_KEY"),
            nameof(ICredentialStorage.FindResolvableByKeyAsync) => storage.FindResolvableByKeyAsync(Org, "OPENAI_API_KEY"),
            nameof(ICredentialStorage.ListAsync) => storage.ListAsync(Org, Query(limit: 10)),
            nameof(ICredentialStorage.InsertAsync) => storage.InsertAsync(record),
            nameof(ICredentialStorage.UpdateAsync) => storage.UpdateAsync(TestRecords.NextVersion(record), 1),
            nameof(ICredentialStorage.DeleteAsync) => storage.DeleteAsync(Org, id, 1),
            nameof(ICredentialStorage.CountByKeyIdAsync) => storage.CountByKeyIdAsync(),
            nameof(ICredentialStorage.ListNotUnderKeyAsync) => storage.ListNotUnderKeyAsync("kek-2", null, 10),
            nameof(ICredentialStorage.ReplaceSealedAsync) => storage.ReplaceSealedAsync([new RewrappedCredential(Org, id, "OPENAI_API_KEY", 1, "kek-1", "kek-2", [1])]),
            nameof(ICredentialStorage.GetSettingAsync) => storage.GetSettingAsync("key-check/kek-1"),
            nameof(ICredentialStorage.TryAddSettingAsync) => storage.TryAddSettingAsync("key-check/kek-1", [1]),
            nameof(ICredentialStorage.SoftDeleteAsync) => storage.SoftDeleteAsync(Org, id, 1, [], TestRecords.CreatedAt),
            nameof(ICredentialStorage.ListDeletedAsync) => storage.ListDeletedAsync(Org),
            nameof(ICredentialStorage.FindDeletedAsync) => storage.FindDeletedAsync(Org, id),
            nameof(ICredentialStorage.RestoreAsync) => storage.RestoreAsync(Org, id),
            nameof(ICredentialStorage.PurgeAsync) => storage.PurgeAsync(Org, id),
            nameof(ICredentialStorage.PurgeDeletedBeforeAsync) => storage.PurgeDeletedBeforeAsync(TestRecords.CreatedAt),
            nameof(ICredentialStorage.AssignAsync) => storage.AssignAsync(new AssignmentRecord(Org, id, "skill", "s-1", null)),
            nameof(ICredentialStorage.UnassignAsync) => storage.UnassignAsync(Org, id, "skill", "s-1"),
            nameof(ICredentialStorage.ListAssignmentsAsync) => storage.ListAssignmentsAsync(Org, id),
            nameof(ICredentialStorage.ListAssignedCredentialsAsync) => storage.ListAssignedCredentialsAsync(Org, "skill", "s-1"),
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "Not an operation of ICredentialStorage."),
        };
    }
}
