using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Credentials.Tests.Caching;
using Microsoft.Diagnostics.Runtime;

namespace Credentials.Tests.Security;

/// <summary>
/// The sealed-record cache keeps no plaintext: a child process creates a credential with a marker secret, resolves it 50
/// times (49 hits), drops the record, collects garbage and waits; this test then attaches to it with ClrMD and walks every
/// managed object reachable from a root (statics, thread stacks, handles: everything the vault, the runtime and the
/// pools hold) for the marker, as a string, a char array, or a byte array in UTF-8 or UTF-16. The control runs the same
/// child with the opt-in plaintext cache (<c>UseResolveCache()</c>), which keeps the resolved record: the walk must find it.
/// </summary>
public sealed class NoPlaintextRetainedTests
{
    private const int SigStop = 19;
    private const int SigCont = 18;

    [SkippableFact]
    public async Task AfterResolvesAndADroppedRecord_NoReachableObjectHoldsTheSecret()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "The child is stopped with SIGSTOP and read by ClrMD, on Linux.");
        var (holders, walked) = await WalkChildAsync(plaintextCache: false);

        Assert.True(walked > 1_000, $"the walk saw only {walked} objects");
        Assert.True(holders.Count == 0, "the secret is still held: " + string.Join("; ", holders));
    }

    [SkippableFact]
    public async Task Control_WithThePlaintextResolveCache_TheWalkFindsTheSecret()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "The child is stopped with SIGSTOP and read by ClrMD, on Linux.");
        var (holders, _) = await WalkChildAsync(plaintextCache: true);

        Assert.Contains(holders, h => h.StartsWith("System.String", StringComparison.Ordinal));
    }

    /// <summary>The child's marker (Credentials.VaultProcessHost's Marker.For), rebuilt here from the same nonce.</summary>
    private static string MarkerFor(string nonce) => string.Concat("sk-marker-", new string(nonce.Reverse().ToArray()), "-0123456789");

    private static async Task<(List<string> Holders, int Walked)> WalkChildAsync(bool plaintextCache)
    {
        using var directory = new TempDirectory("credentials-heap-walk-");
        var nonce = Guid.NewGuid().ToString("N");
        var marker = MarkerFor(nonce);
        using var process = Process.Start(VaultProcess.StartInfo(
            "hold", directory.File("store.db"), directory.File("credentials.key"), "acme", nonce, plaintextCache ? "1" : "0"))!;
        try
        {
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.True(line == "ready", $"the child said '{line}' ({(process.HasExited ? await stderr : "running")})");
            return Walk(process.Id, marker);
        }
        finally
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    /// <summary>Every object reachable from the child's roots whose text or bytes contain <paramref name="marker"/>.</summary>
    private static (List<string> Holders, int Walked) Walk(int processId, string marker)
    {
        var utf8 = Encoding.UTF8.GetBytes(marker);
        var utf16 = Encoding.Unicode.GetBytes(marker);
        var holders = new List<string>();
        var seen = new HashSet<ulong>();
        // The child is stopped by a signal while its heap is read. (ClrMD's own suspend, a ptrace attach, hung here
        // waiting for the child's other threads; reading through /proc/<pid>/mem of a stopped process needs no attach.)
        Assert.Equal(0, Kill(processId, SigStop));
        try
        {
            return WalkStopped(processId, marker, utf8, utf16, holders, seen);
        }
        finally
        {
            Kill(processId, SigCont);
        }
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Kill(int pid, int signal);

    private static (List<string> Holders, int Walked) WalkStopped(int processId, string marker, byte[] utf8, byte[] utf16, List<string> holders, HashSet<ulong> seen)
    {
        using var target = DataTarget.AttachToProcess(processId, suspend: false);
        using var runtime = CreateRuntime(target.ClrVersions.Single());
        var heap = runtime.Heap;
        Assert.True(heap.CanWalkHeap, "the child's heap cannot be walked");

        var pending = new Stack<ClrObject>();
        foreach (var root in heap.EnumerateRoots())
        {
            if (root.Object.IsValid && seen.Add(root.Object.Address))
            {
                pending.Push(root.Object);
            }
        }

        while (pending.TryPop(out var obj))
        {
            if (Holds(obj, marker, utf8, utf16))
            {
                holders.Add($"{obj.Type?.Name} at 0x{obj.Address:x}");
            }

            foreach (var reference in obj.EnumerateReferences(carefully: true, considerDependantHandles: true))
            {
                if (reference.IsValid && seen.Add(reference.Address))
                {
                    pending.Push(reference);
                }
            }
        }

        return (holders, seen.Count);
    }

    /// <summary>
    /// The child runs on the runtime whose folder ClrMD reports, and its debugging library (the DAC) sits in that folder.
    /// ClrMD's own search does not take it on Linux (it reads the runtime's version as 0.0 from a live process), so it is
    /// named, and the version check is skipped: it is the DAC shipped with that very runtime.
    /// </summary>
    private static ClrRuntime CreateRuntime(ClrInfo clr)
    {
        var runtimeFolder = Path.GetDirectoryName(clr.ModuleInfo.FileName) ?? string.Empty;
        var dac = Path.Combine(runtimeFolder, OperatingSystem.IsWindows() ? "mscordaccore.dll" : "libmscordaccore.so");
        return File.Exists(dac) ? clr.CreateRuntime(dac, ignoreMismatch: true) : clr.CreateRuntime();
    }

    private static bool Holds(ClrObject obj, string marker, byte[] utf8, byte[] utf16)
    {
        var type = obj.Type;
        if (type is null)
        {
            return false;
        }

        if (type.IsString)
        {
            return obj.AsString(1 << 20)?.Contains(marker, StringComparison.Ordinal) == true;
        }

        if (!type.IsArray)
        {
            return false;
        }

        var array = obj.AsArray();
        var length = Math.Min(array.Length, 16 << 20);
        if (length == 0)
        {
            return false;
        }

        return type.ComponentType?.ElementType switch
        {
            ClrElementType.UInt8 or ClrElementType.Int8 => array.ReadValues<byte>(0, length) is { } bytes
                && (bytes.AsSpan().IndexOf(utf8) >= 0 || bytes.AsSpan().IndexOf(utf16) >= 0),
            ClrElementType.Char => array.ReadValues<char>(0, length) is { } chars && chars.AsSpan().IndexOf(marker.AsSpan()) >= 0,
            _ => false,
        };
    }
}
