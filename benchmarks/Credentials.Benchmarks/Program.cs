using BenchmarkDotNet.Running;
using Credentials.Benchmarks;

// dotnet run -c Release --project benchmarks/Credentials.Benchmarks -- --filter '*' [--job short]
// dotnet run -c Release --project benchmarks/Credentials.Benchmarks -- cli fill|rewrap ...   (benchmarks/cli-rewrap.sh)
if (args is ["cli", .. var rest])
{
    return await CliRewrapComparison.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
