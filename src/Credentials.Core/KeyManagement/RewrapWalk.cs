using Microsoft.Extensions.Logging;

namespace Credentials;

/// <summary>The counters of one rewrap and its progress reports (progress during the first pass only, which sees every credential).</summary>
internal sealed class RewrapWalk(IProgress<RewrapProgress>? progress, long total, ILogger logger)
{
    public int Pass { get; set; }

    public long Done { get; private set; }

    public long Rewrapped { get; private set; }

    public long Conflicts { get; private set; }

    public void Applied(int read, int attempted, int applied)
    {
        Rewrapped += applied;
        Conflicts += attempted - applied;
        if (Pass == 0)
        {
            Done = Math.Min(Done + read, total);
            progress?.Report(new RewrapProgress(Done, total));
            KeyLog.RewrapProgress(logger, Done, total);
        }
    }
}
