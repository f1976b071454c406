using WhatsPortal.Engine.Sessions;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Tests.Integration;

/// <summary>The exact retry schedules of webhooks and reconnects, with the jitter pinned to its middle and its ends.</summary>
public sealed class RetryScheduleTests
{
    [Fact]
    public void A_webhook_is_retried_after_base_times_two_to_the_failures_capped_within_half_to_one_and_a_half_of_it()
    {
        var settings = new WebhookOptions { RetryBaseDelay = TimeSpan.FromSeconds(5), RetryMaxDelay = TimeSpan.FromMinutes(1) };
        Assert.Equal(
            [5, 10, 20, 40, 60, 60],
            Enumerable.Range(1, 6).Select(n => WebhookDispatcher.RetryDelay(n, settings, new PinnedRandom(0.5)).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(2.5), WebhookDispatcher.RetryDelay(1, settings, new PinnedRandom(0)));
        Assert.Equal(TimeSpan.FromSeconds(90), WebhookDispatcher.RetryDelay(1000, settings, new PinnedRandom(1)));
    }

    [Fact]
    public void A_reconnect_waits_min_times_two_to_the_failures_capped_within_half_to_all_of_it()
    {
        var (min, max) = (TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(30));
        Assert.Equal(
            [1, 2, 4, 8, 15, 15],
            Enumerable.Range(1, 6).Select(n => ReconnectBackoff.Delay(n, min, max, new PinnedRandom(0)).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(3), ReconnectBackoff.Delay(2, min, max, new PinnedRandom(0.5)));
        Assert.Equal(max, ReconnectBackoff.Delay(1000, min, max, new PinnedRandom(1)));
    }

    /// <summary>The jitter's draw, fixed.</summary>
    private sealed class PinnedRandom(double draw) : Random
    {
        public override double NextDouble() => draw;
    }
}
