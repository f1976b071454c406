namespace WhatsPortal.Engine.Sessions;

/// <summary>
/// Exponential backoff with jitter: the n-th consecutive failure waits between half and all of
/// min·2^(n-1), capped at max, so many instances failing together do not retry in lockstep.
/// </summary>
internal static class ReconnectBackoff
{
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max, Random random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var ceiling = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30)));
        return TimeSpan.FromMilliseconds(ceiling / 2 + random.NextDouble() * ceiling / 2);
    }
}
