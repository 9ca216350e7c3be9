using System.Globalization;
using Credentials;
using Microsoft.Extensions.DependencyInjection;

// Usage: Credentials.RewrapCrashHost <database file> <key file> <batch size>
// Prints "progress <done> <total>" after each committed batch and "done <rewrapped> <remaining>" at the end, flushed
// line by line. After each progress line it waits for a line on standard input before the next batch (until standard
// input is closed), so the parent decides how far a run gets and then kills it at a random moment of the next batch,
// whatever the machine's load.
if (args.Length != 3)
{
    Console.Error.WriteLine("usage: Credentials.RewrapCrashHost <database> <key file> <batch size>");
    return 2;
}

var batchSize = int.Parse(args[2], CultureInfo.InvariantCulture);
var services = new ServiceCollection();
services.AddCredentials()
    .UseSqlite("Data Source=" + args[0])
    .UseKeyFile(args[1])
    .Services.Configure<RewrapOptions>(o => o.BatchSize = batchSize);
using var provider = services.BuildServiceProvider();
var keys = provider.GetRequiredService<ICredentialKeyManager>();

var output = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
var result = await keys.RewrapAsync(new LineProgress(output));
output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {result.Rewrapped} {result.Remaining}"));
return 0;

internal sealed class LineProgress(StreamWriter output) : IProgress<RewrapProgress>
{
    private bool _lockstep = true;

    public void Report(RewrapProgress value)
    {
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"progress {value.Done} {value.Total}"));
        _lockstep = _lockstep && Console.In.ReadLine() is not null;
    }
}
