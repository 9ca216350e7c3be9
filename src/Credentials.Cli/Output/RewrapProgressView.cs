using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Credentials.Cli.Output;

/// <summary>
/// Shows a rewrap's <see cref="IProgress{RewrapProgress}"/> reports: a live bar on one redrawn line (done/total,
/// percentage, rate, time left), or plain lines for logs and pipes. Reports arrive synchronously after each batch (no
/// <c>Progress&lt;T&gt;</c>, which would post them to the thread pool and could print them out of order).
/// </summary>
/// <remarks>
/// The bar is drawn here rather than with Spectre.Console's <c>Progress</c>: its layout cost about 25 ms of CPU a
/// frame on a busy 2-core machine (a second of CPU over a 100,000-credential rewrap, measured against
/// <c>--progress none</c>), which a rewrap running at the library's speed cannot spare. A line with a few numbers costs
/// microseconds; frames come from the reports, at most five a second.
/// </remarks>
internal static class RewrapProgressView
{
    /// <summary>Runs <paramref name="rewrap"/> (a rewrap, or a key migration whose first step is one) with the chosen progress display.</summary>
    public static async Task<T> RunAsync<T>(CliConsole console, ProgressMode mode, Func<IProgress<RewrapProgress>?, Task<T>> rewrap)
    {
        var capabilities = console.Out.Profile.Capabilities;
        if (mode == ProgressMode.Auto)
        {
            mode = capabilities.Interactive && capabilities.Ansi ? ProgressMode.Bar : ProgressMode.Plain;
        }

        var writer = console.Out.Profile.Out.Writer;
        switch (mode)
        {
            case ProgressMode.None:
                return await rewrap(null).ConfigureAwait(false);
            case ProgressMode.Plain:
                return await rewrap(new PlainReporter(writer)).ConfigureAwait(false);
            default:
                var color = console.Variable("NO_COLOR") is null && capabilities.ColorSystem != Spectre.Console.ColorSystem.NoColors;
                var bar = new BarReporter(writer, color);
                try
                {
                    return await rewrap(bar).ConfigureAwait(false);
                }
                finally
                {
                    bar.Finish();
                }
        }
    }

    private static string Left(double seconds) =>
        TimeSpan.FromSeconds(Math.Ceiling(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    /// <summary>One line redrawn in place: <c>Rewrapping ━━━━━━──── 60%  60,000/100,000  24,000/s  ETA 0:02</c>.</summary>
    private sealed class BarReporter(TextWriter writer, bool color) : IProgress<RewrapProgress>
    {
        private const int Width = 30;
        private static readonly TimeSpan FrameInterval = TimeSpan.FromMilliseconds(200);
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly StringBuilder _line = new(160);
        private TimeSpan? _lastFrame;
        private RewrapProgress? _last;

        public void Report(RewrapProgress value)
        {
            _last = value;
            var now = _clock.Elapsed;
            if (value.Done < value.Total && _lastFrame is { } previous && now - previous < FrameInterval)
            {
                return;
            }

            _lastFrame = now;
            Draw(value, now);
        }

        /// <summary>Ends the line (nothing was drawn when there was nothing to rewrap).</summary>
        public void Finish()
        {
            if (_last is null)
            {
                return;
            }

            writer.WriteLine();
            writer.Flush();
        }

        private void Draw(RewrapProgress value, TimeSpan elapsed)
        {
            var fraction = value.Total == 0 ? 1 : Math.Clamp((double)value.Done / value.Total, 0, 1);
            var filled = (int)Math.Round(fraction * Width);
            var rate = value.Done / Math.Max(elapsed.TotalSeconds, 0.001);
            var left = rate > 0 ? (value.Total - value.Done) / rate : 0;
            _line.Clear().Append("\rRewrapping ");
            _line.Append(color ? "\u001b[32m" : string.Empty).Append('━', filled);
            _line.Append(color ? "\u001b[90m" : string.Empty).Append(color ? '━' : '─', Width - filled).Append(color ? "\u001b[0m" : string.Empty);
            _line.Append(CultureInfo.InvariantCulture, $" {fraction * 100,3:N0}%  {value.Done:N0}/{value.Total:N0}  {rate:N0}/s  ETA {Left(left)}");
            _line.Append("\u001b[K");
            writer.Write(_line);
            writer.Flush();
        }
    }

    /// <summary>One line per second at most, and the last one always: done, total, percentage, rate, time left.</summary>
    private sealed class PlainReporter(TextWriter writer) : IProgress<RewrapProgress>
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
            var left = rate > 0 ? (value.Total - value.Done) / rate : 0;
            var percent = value.Total == 0 ? 100 : 100.0 * value.Done / value.Total;
            writer.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Rewrapping: {value.Done:N0} of {value.Total:N0} ({percent:N0}%), {rate:N0}/s, about {Math.Ceiling(left):N0} s left"));
            writer.Flush();
        }
    }
}
