using System.Diagnostics;
using System.Globalization;

namespace Credentials.Benchmarks;

/// <summary>
/// The write ratios of <see cref="CardsBenchmarks"/> (create, update with a blank secret) measured in interleaved rounds:
/// each round times a block of vault writes and a block of raw writes back to back, in alternating order, on the same
/// store and WAL, and the ratio is taken per round. On a shared disk whose fsync latency drifts by 2x between minutes,
/// BenchmarkDotNet's sequential runs (all vault iterations, then all raw ones) compare different disks; rounds of a few
/// hundred milliseconds compare the same one. Prints every round and the median with its spread.
/// </summary>
/// <remarks>Usage: <c>dotnet run -c Release --project benchmarks/Credentials.Benchmarks -- interleaved [ROUNDS (15)] [WRITES PER BLOCK (200)]</c></remarks>
internal static class InterleavedWrites
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var block = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var cards = new CardsBenchmarks();
        cards.Setup();
        try
        {
            var pairs = new (string Name, Func<Task> Vault, Action Raw)[]
            {
                ("create", async () => await cards.Create(), () => cards.RawCreate()),
                ("update, blank secret", async () => await cards.UpdateBlankSecret(), () => cards.RawUpdate()),
            };
            foreach (var (name, vault, raw) in pairs)
            {
                // One unrecorded round first: JIT, prepared statements, the page cache.
                await TimeAsync(vault, block);
                Time(raw, block);
                var ratios = new List<double>();
                for (var round = 0; round < rounds; round++)
                {
                    double vaultMicros, rawMicros;
                    if (round % 2 == 0)
                    {
                        vaultMicros = await TimeAsync(vault, block);
                        rawMicros = Time(raw, block);
                    }
                    else
                    {
                        rawMicros = Time(raw, block);
                        vaultMicros = await TimeAsync(vault, block);
                    }

                    ratios.Add(vaultMicros / rawMicros);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-22} round {round + 1,2}: vault {vaultMicros,7:F1} µs, raw {rawMicros,7:F1} µs, ratio {vaultMicros / rawMicros:F2}"));
                }

                ratios.Sort();
                Console.WriteLine(string.Create(
                    CultureInfo.InvariantCulture,
                    $"{name,-22} median ratio {ratios[ratios.Count / 2]:F2} (min {ratios[0]:F2}, max {ratios[^1]:F2}, {rounds} rounds of {block} writes each side)"));
            }
        }
        finally
        {
            cards.Cleanup();
        }

        return 0;
    }

    private static async Task<double> TimeAsync(Func<Task> write, int count)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            await write();
        }

        return clock.Elapsed.TotalMicroseconds / count;
    }

    private static double Time(Action write, int count)
    {
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            write();
        }

        return clock.Elapsed.TotalMicroseconds / count;
    }
}
