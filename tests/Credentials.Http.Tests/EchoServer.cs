using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credentials.Http.Tests;

/// <summary>
/// A Kestrel server on 127.0.0.1 and a random port that records the headers of every request it receives and answers
/// with the status <see cref="Status"/> chooses (200 by default).
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EchoServer(WebApplication app, Uri address)
    {
        _app = app;
        BaseAddress = address;
    }

    public Uri BaseAddress { get; }

    /// <summary>The headers of each request received, in order (names lower-cased).</summary>
    public ConcurrentQueue<Dictionary<string, string>> Requests { get; } = new();

    /// <summary>The status to answer a request with, from its headers.</summary>
    public Func<Dictionary<string, string>, int> Status { get; set; } = _ => StatusCodes.Status200OK;

    public static async Task<EchoServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        EchoServer? server = null;
        app.Run(async context =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
            using var reader = new StreamReader(context.Request.Body);
            if (await reader.ReadToEndAsync() is { Length: > 0 } body)
            {
                headers["(body)"] = body; // fixed length or chunked (JsonContent)
            }

            server!.Requests.Enqueue(headers);
            context.Response.StatusCode = server.Status(headers);
            await context.Response.WriteAsync("ok");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new EchoServer(app, new Uri(address + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
