using Microsoft.Extensions.Hosting;

namespace Credentials;

/// <summary>Where relative default paths point: the host's content root when there is a host, else the working directory.</summary>
internal sealed class ContentRoot(IHostEnvironment? environment = null)
{
    public string Path { get; } = environment?.ContentRootPath is { Length: > 0 } root ? root : Directory.GetCurrentDirectory();

    public string Resolve(string path) => System.IO.Path.GetFullPath(System.IO.Path.IsPathRooted(path) ? path : System.IO.Path.Combine(Path, path));
}
