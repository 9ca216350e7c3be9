using System.Diagnostics;
using System.Globalization;
using Spectre.Console;

namespace Credentials.Cli.Output;

/// <summary>
/// Shows a rewrap's <see cref="IProgress{RewrapProgress}"/> reports: a live Spectre.Console bar (done/total, percentage,
/// rate, time left), or plain lines for logs and pipes. Reports arrive synchronously after each batch (no
/// <c>Progress&lt;T&gt;</c>, which would post them to the thread pool and could print them out of order).
/// </summary>
internal static class RewrapProgressView
{
    public static async Task<RewrapResult> RunAsync(CliConsole console, ProgressMode mode, Func<IProgress<RewrapProgress>?, Task<RewrapResult>> rewrap)
    {
        if (mode == ProgressMode.Auto)
        {
            mode = console.Out.Profile.Capabilities.Interactive && console.Out.Profile.Capabilities.Ansi ? ProgressMode.Bar : ProgressMode.Plain;
        }

        switch (mode)
        {
            case ProgressMode.None:
                return await rewrap(null).ConfigureAwait(false);
            case ProgressMode.Plain:
                return await rewrap(new PlainReporter(console.Out)).ConfigureAwait(false);
            default:
                var bar = console.Out.Profile.Capabilities.Interactive && console.Out.Profile.Capabilities.Ansi
                    ? console.Out
                    : AnsiConsole.Create(new AnsiConsoleSettings
                    {
                        Ansi = AnsiSupport.Yes,
                        Interactive = InteractionSupport.Yes,
                        Out = console.Out.Profile.Out,
                    });
                // Four frames a second is plenty for a bar and an estimate; the default ten (and a spinner) take CPU from the rewrap itself.
                var display = bar.Progress();
                display.RefreshRate = TimeSpan.FromMilliseconds(250);
                return await display
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new CountColumn(), new RemainingTimeColumn())
                    .StartAsync(async progress =>
                    {
                        var task = progress.AddTask("Rewrapping", maxValue: 1);
                        var result = await rewrap(new BarReporter(task)).ConfigureAwait(false);
                        task.Value = task.MaxValue;
                        task.StopTask();
                        return result;
                    }).ConfigureAwait(false);
        }
    }

    private sealed class BarReporter(ProgressTask task) : IProgress<RewrapProgress>
    {
        public void Report(RewrapProgress value)
        {
            task.MaxValue = Math.Max(value.Total, 1);
            task.Value = value.Done;
        }
    }

    /// <summary>"done/total" and the rate, beside the bar.</summary>
    private sealed class CountColumn : ProgressColumn
    {
        public override Spectre.Console.Rendering.IRenderable Render(Spectre.Console.Rendering.RenderOptions options, ProgressTask task, TimeSpan deltaTime) =>
            new Text(string.Create(CultureInfo.InvariantCulture, $"{task.Value:N0}/{task.MaxValue:N0} {task.Speed ?? 0:N0}/s"));
    }

    /// <summary>One line per second at most, and the last one always: done, total, percentage, rate, time left.</summary>
    private sealed class PlainReporter(IAnsiConsole console) : IProgress<RewrapProgress>
    {
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private TimeSpan? _lastLine;

        public void Report(RewrapProgress value)
        {
            var now = _clock.Elapsed;
            var last = value.Done >= value.Total;
            if (!last && _lastLine is { } previous && now - previous < TimeSpan.FromSeconds(1))
            {
                return;
            }

            _lastLine = now;
            var rate = value.Done / Math.Max(now.TotalSeconds, 0.001);
            var left = rate > 0 ? TimeSpan.FromSeconds((value.Total - value.Done) / rate) : TimeSpan.Zero;
            var percent = value.Total == 0 ? 100 : 100.0 * value.Done / value.Total;
            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Rewrapping: {value.Done:N0} of {value.Total:N0} ({percent:N0}%), {rate:N0}/s, about {left.TotalSeconds:N0} s left"));
        }
    }
}
