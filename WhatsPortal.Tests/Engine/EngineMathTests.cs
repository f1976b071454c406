using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Outbound;
using WhatsPortal.Engine.Sessions;

namespace WhatsPortal.Tests.Engine;

public sealed class EngineMathTests
{
    [Fact]
    public void Backoff_grows_exponentially_within_jitter_and_stops_at_the_cap()
    {
        var min = TimeSpan.FromSeconds(2);
        var max = TimeSpan.FromSeconds(60);
        var random = new Random(7);
        for (var attempt = 1; attempt <= 12; attempt++)
        {
            var ceiling = TimeSpan.FromMilliseconds(Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, attempt - 1)));
            for (var i = 0; i < 50; i++)
            {
                var delay = ReconnectBackoff.Delay(attempt, min, max, random);
                Assert.InRange(delay, ceiling / 2, ceiling);
            }
        }
        Assert.InRange(ReconnectBackoff.Delay(1000, min, max, random), max / 2, max);
    }

    [Fact]
    public void Backoff_spreads_instances_that_fail_together()
    {
        var random = new Random(1);
        var delays = Enumerable.Range(0, 20).Select(_ => ReconnectBackoff.Delay(3, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1), random)).ToHashSet();
        Assert.True(delays.Count > 10);
    }

    [Fact]
    public void Pacing_gap_is_the_interval_plus_jitter_and_zero_interval_turns_it_off()
    {
        var random = new Random(3);
        for (var i = 0; i < 100; i++)
            Assert.InRange(SendPacing.Gap(1000, 500, random), TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(1500));
        Assert.Equal(TimeSpan.FromMilliseconds(800), SendPacing.Gap(800, 0, random));
        Assert.Equal(TimeSpan.Zero, SendPacing.Gap(0, 5000, random));
    }

    [Fact]
    public void Pacing_waits_only_for_what_is_left_of_the_gap()
    {
        var now = new DateTimeOffset(2026, 11, 22, 3, 0, 0, TimeSpan.Zero);
        var gap = TimeSpan.FromSeconds(2);
        Assert.Equal(TimeSpan.Zero, SendPacing.Wait(null, gap, now));
        Assert.Equal(TimeSpan.FromSeconds(1.5), SendPacing.Wait(now.AddSeconds(-0.5), gap, now));
        Assert.Equal(TimeSpan.Zero, SendPacing.Wait(now.AddSeconds(-5), gap, now));
    }

    [Fact]
    public void Qr_codes_render_as_png_and_svg()
    {
        var renderer = new QrCodeRenderer();
        var code = "2@" + new string('A', 60) + "," + Convert.ToBase64String(new byte[32]) + "," + Convert.ToBase64String(new byte[32]) + "," + Convert.ToBase64String(new byte[16]);
        var png = renderer.RenderPng(code);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);
        var svg = renderer.RenderSvg(code);
        Assert.Contains("<svg", svg);
        Assert.Contains("</svg>", svg);
    }

    [Theory]
    [InlineData("5511999990000", "5511999990000@c.us")]
    [InlineData("+55 (11) 99999-0000", "5511999990000@c.us")]
    [InlineData("5511999990000@c.us", "5511999990000@c.us")]
    [InlineData("120363000000000000@g.us", "120363000000000000@g.us")]
    [InlineData("hello", null)]
    [InlineData("123", null)]
    [InlineData("", null)]
    public void Recipients_are_normalized_to_WhatsApp_ids(string to, string? expected) =>
        Assert.Equal(expected, WhatsAppIds.NormalizeRecipient(to));

    [Fact]
    public void Acks_only_move_an_outbound_message_forward()
    {
        Assert.Equal(MessageStatus.Sent, WhatsAppIds.StatusOfAck(1));
        Assert.Equal(MessageStatus.Delivered, WhatsAppIds.StatusOfAck(2));
        Assert.Equal(MessageStatus.Read, WhatsAppIds.StatusOfAck(3));
        Assert.Equal(MessageStatus.Read, WhatsAppIds.StatusOfAck(4));
        Assert.Equal(MessageStatus.Failed, WhatsAppIds.StatusOfAck(-1));
        Assert.Null(WhatsAppIds.StatusOfAck(0));
        Assert.True(WhatsAppIds.IsAdvance(MessageStatus.Sent, MessageStatus.Read));
        Assert.False(WhatsAppIds.IsAdvance(MessageStatus.Read, MessageStatus.Delivered));
        Assert.False(WhatsAppIds.IsAdvance(MessageStatus.Delivered, MessageStatus.Sent));
    }
}
