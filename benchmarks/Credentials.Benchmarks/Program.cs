using BenchmarkDotNet.Running;
using Credentials.Benchmarks;

// dotnet run -c Release --project benchmarks/Credentials.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project benchmarks/Credentials.Benchmarks -- cli fill|rewrap ...   (benchmarks/cli-rewrap.sh)
// dotnet run -c Release --project benchmarks/Credentials.Benchmarks -- interleaved [ROUNDS] [WRITES]   (write ratios, interleaved)
if (args is ["cli", .. var rest])
{
    return await CliRewrapComparison.RunAsync(rest);
}

if (args is ["interleaved", .. var options])
{
    return await InterleavedWrites.RunAsync(options);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
