using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Credentials.AdminPortal.BrowserTests;

/// <summary>
/// The built sample (its dll, as <c>dotnet AdminPortal.dll --urls http://127.0.0.1:0</c>) in a fresh scratch folder, so
/// its SQLite file and key file start empty; the port is read from "Now listening on". With OAuth, on a free port chosen
/// beforehand instead (the sample derives its OAuth redirect URI from the address it is told to listen on, which must be
/// known before start-up) and allowed to reach the test authorization server on 127.0.0.1.
/// </summary>
public sealed partial class AdminPortalProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];

    private AdminPortalProcess(Process process, string folder)
    {
        _process = process;
        Folder = folder;
    }

    public string Folder { get; }

    public Uri BaseAddress { get; private set; } = null!;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <param name="oauth">
    /// Listen on a fixed free port (so the sample's OAuth Connect is on, with the redirect URI
    /// <c>{BaseAddress}api/credentials/oauth/callback</c>) and allow private network destinations; retried on another port
    /// if that one was taken meanwhile.
    /// </param>
    public static AdminPortalProcess Start(bool oauth = false)
    {
        var dll = BrowserEnvironment.AdminPortalDll;
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The sample is not built at {dll}; build the test project (it builds samples/AdminPortal first).");
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return Start(dll, oauth);
            }
            catch (InvalidOperationException ex) when (oauth && attempt < 3 && ex.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                // The free port was taken between choosing it and binding it: choose another.
            }
        }
    }

    private static AdminPortalProcess Start(string dll, bool oauth)
    {
        var folder = Directory.CreateTempSubdirectory("adminportal-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(oauth ? $"http://127.0.0.1:{FreePort()}" : "http://127.0.0.1:0");
        if (oauth)
        {
            start.ArgumentList.Add("--AdminPortal:AllowPrivateNetworkDestinations=true");
        }

        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var portal = new AdminPortalProcess(process, folder);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (portal._output)
            {
                portal._output.Add(e.Data);
            }

            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }

        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => listening.TrySetCanceled();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            if (!listening.Task.Wait(TimeSpan.FromSeconds(60)))
            {
                portal.Dispose();
                throw new TimeoutException("The sample did not start listening within 60 s. Its output:\n" + portal.Output);
            }
        }
        catch (AggregateException) when (listening.Task.IsCanceled)
        {
            Thread.Sleep(200); // the last lines of its output
            var output = portal.Output;
            portal.Dispose();
            throw new InvalidOperationException("The sample exited before listening. Its output:\n" + output);
        }

        portal.BaseAddress = listening.Task.Result;
        return portal;
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningLine();
}
