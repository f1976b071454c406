namespace WhatsPortal.Engine.Outbound;

/// <summary>
/// The pause between two paced calls of one instance to WhatsApp (outbound messages, number checks): a fixed interval
/// plus random jitter, so the number does not act like a machine. An interval of 0 turns pacing off.
/// </summary>
internal static class SendPacing
{
    public static TimeSpan Gap(int intervalMs, int jitterMs, Random random) =>
        intervalMs <= 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds(intervalMs + (jitterMs > 0 ? random.Next(jitterMs + 1) : 0));

    /// <summary>How long to wait now so that <paramref name="gap"/> has passed since the previous send.</summary>
    public static TimeSpan Wait(DateTimeOffset? previousSendAt, TimeSpan gap, DateTimeOffset now) =>
        previousSendAt is { } previous && previous + gap > now ? previous + gap - now : TimeSpan.Zero;
}
