namespace Credentials.Cli.Output;

/// <summary>How a long operation shows its progress.</summary>
internal enum ProgressMode
{
    /// <summary>A live bar on an interactive terminal, plain lines when the output is redirected.</summary>
    Auto,

    /// <summary>A live bar with percentage, rate and time left, even when redirected (ANSI escapes included).</summary>
    Bar,

    /// <summary>A line at most every second: done, total, rate and time left.</summary>
    Plain,

    /// <summary>Nothing until the summary.</summary>
    None,
}
