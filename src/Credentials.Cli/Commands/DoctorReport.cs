using Spectre.Console;

namespace Credentials.Cli.Commands;

/// <summary>The findings of <c>credentials doctor</c>, printed as they come: ok, note (worth knowing) or problem (to fix).</summary>
internal sealed class DoctorReport(IAnsiConsole console)
{
    public int Problems { get; private set; }

    public void Ok(string message) => Line("ok", Color.Green, message);

    public void Note(string message) => Line("note", Color.Yellow, message);

    public void Problem(string message)
    {
        Problems++;
        Line("problem", Color.Red, message);
    }

    private void Line(string label, Color color, string message)
    {
        console.Write(new Text($"{label,-8}", new Style(color)));
        console.WriteLine(message);
    }
}
