using System.Security.Cryptography;
using System.Text.Json;

namespace Credentials;

/// <summary>The key file's writes: rotation and retirement, each a read-modify-write under a lock and an atomic replace.</summary>
internal sealed partial class KeyFileKeyProvider
{
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan LockRetry = TimeSpan.FromMilliseconds(25);
    private readonly SemaphoreSlim _writeGate = new(1, 1);

    public async Task<IKeyEncryptionKey> RotateAsync(CancellationToken cancellationToken = default)
    {
        using var key = CreateKey();
        return await ActivateAsync(key, cancellationToken).ConfigureAwait(false);
    }

    public StagedKey CreateKey() => new(KeyIds.NewRandom(), _time.GetUtcNow());

    public async Task<IKeyEncryptionKey> ActivateAsync(StagedKey key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var ring = await ChangeAsync(
            document =>
            {
                if (document.Keys.Exists(k => k.Id == key.Id))
                {
                    throw new InvalidOperationException($"The key file already has a key '{key.Id}'.");
                }

                document.Keys.Add(new KeyRingEntry { Id = key.Id, CreatedAt = key.CreatedAt, Key = Convert.ToBase64String(key.Material) });
                document.Primary = key.Id;
                return true;
            },
            cancellationToken).ConfigureAwait(false);
        return ring.PrimaryKey;
    }

    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var current = Ring;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var document = ReadDocument();
            var unchanged = document.Primary == current.PrimaryKey.KeyId
                && document.Keys.Count == current.Keys.Count
                && document.Keys.TrueForAll(k => current.Describe(k.Id) is { } known && known.RetiredAt == k.RetiredAt);
            if (!unchanged)
            {
                _ring = Build(document);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public Task MarkRetiredAsync(string keyId, DateTimeOffset retiredAt, CancellationToken cancellationToken) =>
        ChangeAsync(
            document =>
            {
                var entry = document.Keys.Find(k => k.Id == keyId);
                if (entry is null || entry.RetiredAt is not null)
                {
                    return false;
                }

                entry.RetiredAt = retiredAt;
                return true;
            },
            cancellationToken);

    /// <summary>
    /// Re-reads the file under an exclusive lock (so a rotation by another process is never lost), applies the change,
    /// checks that every key read is still there, and replaces the file atomically.
    /// </summary>
    private async Task<KeyRing> ChangeAsync(Func<KeyRingDocument, bool> change, CancellationToken cancellationToken)
    {
        _ = Ring;
        await _writeGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var fileLock = await AcquireLockAsync(cancellationToken).ConfigureAwait(false);
            var document = ReadDocument();
            var before = document.Keys.Select(k => (k.Id, k.Key)).ToArray();
            if (!change(document))
            {
                return Ring; // Already so: nothing to write.
            }

            if (before.Any(old => !document.Keys.Exists(k => k.Id == old.Id && k.Key == old.Key)))
            {
                throw new InvalidOperationException("A key ring change must keep every existing key.");
            }

            var ring = Build(document);
            WriteAtomically(document);
            _ring = ring;
            return ring;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private void WriteAtomically(KeyRingDocument document)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(document, CredentialJsonContext.Default.KeyRingDocument);
        var temporary = $"{FilePath}.{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp";
        try
        {
            using (var stream = new FileStream(temporary, NewFileOptions()))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            // rename(2) replaces the file in one step: a crash leaves the old ring or the new one, never a mix. Syncing the
            // directory makes the new name durable before RotateAsync returns and new credentials are sealed under the new key.
            File.Move(temporary, FilePath, overwrite: true);
            DirectorySync.Flush(Path.GetDirectoryName(FilePath) ?? ".");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            throw new CredentialException($"The key file '{FilePath}' could not be written ({ex.GetType().Name}); it is unchanged.", ex);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>An exclusive lock on <c>&lt;key file&gt;.lock</c>, shared by every process that writes the ring.</summary>
    private async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
    {
        // Real elapsed time, not the TimeProvider: a test clock that stands still must not make this wait forever.
        var deadline = Environment.TickCount64 + (long)LockTimeout.TotalMilliseconds;
        FileStream? held;
        while ((held = TryLock(deadline)) is null)
        {
            await Task.Delay(LockRetry, cancellationToken).ConfigureAwait(false);
        }

        return held;
    }

    /// <summary>The same lock, waited for synchronously: only the first start takes it, inside the ring's load.</summary>
    private FileStream AcquireLock()
    {
        var deadline = Environment.TickCount64 + (long)LockTimeout.TotalMilliseconds;
        FileStream? held;
        while ((held = TryLock(deadline)) is null)
        {
            Thread.Sleep(LockRetry);
        }

        return held;
    }

    /// <summary>The lock, or null while another holder has it and the deadline has not passed.</summary>
    private FileStream? TryLock(long deadline)
    {
        var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new FileStream(FilePath + ".lock", options);
        }
        catch (IOException) when (Environment.TickCount64 < deadline)
        {
            return null;
        }
        catch (IOException ex)
        {
            throw new CredentialException($"The key file lock '{FilePath}.lock' is held by another process; try again.", ex);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temporary file holds nothing the key file does not.
        }
    }
}
