using Microsoft.Extensions.Time.Testing;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Outbound;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Engine;

/// <summary>
/// Scheduled messages on a clock the test moves, with the engine and the simulator on it: real Chromium, the simulator
/// on real Kestrel, a real SQLite file. The queue poll is a day apart, so only the sender's own wake-up at a message's
/// time can send it while the clock moves an hour.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ScheduledSendingTests
{
    private const string Business = "5511911112222";
    private const string Customer = "5511988881111";

    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Engine:HealthCheckInterval"] = "01:00:00",
        ["Engine:QueuePollInterval"] = "1.00:00:00",
    };

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_scheduled_message_goes_out_when_the_clock_reaches_its_time_and_a_cancelled_one_never_does()
    {
        var clock = NewClock();
        await using var simulator = await SimulatorServer.StartAsync(clock: clock);
        await simulator.CreatePhoneAsync(Business, "Sales");
        await simulator.CreatePhoneAsync(Customer, "Ana");
        await using var engine = await EngineHost.StartAsync(simulator, settings: Settings, clock: clock);
        var instance = await engine.CreateInstanceAsync("sales");
        await engine.LinkAsync(simulator, instance.Id, Business);

        var sendAt = clock.GetUtcNow().UtcDateTime.AddHours(1);
        var scheduled = await ScheduleAsync(engine, instance, "at one o'clock", sendAt);
        var cancelled = await ScheduleAsync(engine, instance, "cancelled before its time", sendAt);
        Assert.Equal(MessageStatus.Scheduled, scheduled.Status);
        Assert.Equal(CancelResult.Cancelled, (await engine.Engine.CancelScheduledAsync(instance.TenantId, instance.Id, cancelled.Id)).Result);

        // One tick early: a message sent now goes out, and the scheduled one, ahead of it in the queue, stays.
        clock.Advance(sendAt - clock.GetUtcNow().UtcDateTime - TimeSpan.FromTicks(1));
        var marker = await engine.SendTextAsync(instance, Customer, "sent right away");
        await engine.WaitForMessageAsync(marker.Id, m => m.Status is MessageStatus.Delivered or MessageStatus.Read, "the unscheduled message to be delivered");
        Assert.Equal(MessageStatus.Scheduled, (await engine.MessageAsync(scheduled.Id)).Status);
        Assert.DoesNotContain(await simulator.MessagesAsync(Customer), m => m.GetProperty("text").GetString() == "at one o'clock");

        clock.Advance(TimeSpan.FromTicks(1));
        await engine.WaitForMessageAsync(scheduled.Id, m => m.Status is MessageStatus.Delivered or MessageStatus.Read, "the scheduled message to be delivered at its time");
        var sent = await engine.MessageAsync(scheduled.Id);
        Assert.Equal(sendAt, sent.SentAt);
        var onPhone = await simulator.MessagesAsync(Customer);
        Assert.Single(onPhone, m => m.GetProperty("text").GetString() == "at one o'clock");
        // Due at the same time and released in the same pass: had the cancel not held, it would be there too.
        Assert.DoesNotContain(onPhone, m => m.GetProperty("text").GetString() == "cancelled before its time");
        Assert.Equal(MessageStatus.Cancelled, (await engine.MessageAsync(cancelled.Id)).Status);
        Assert.Equal(CancelResult.NotScheduled, (await engine.Engine.CancelScheduledAsync(instance.TenantId, instance.Id, scheduled.Id)).Result);
    }

    [Fact]
    public async Task An_instance_offline_at_the_time_sends_on_reconnection_unless_the_expiry_has_passed()
    {
        var clock = NewClock();
        await using var simulator = await SimulatorServer.StartAsync(clock: clock);
        await simulator.CreatePhoneAsync(Business, "Sales");
        await simulator.CreatePhoneAsync(Customer, "Ana");
        await using var engine = await EngineHost.StartAsync(simulator, settings: Settings, clock: clock);
        var instance = await engine.CreateInstanceAsync("sales");
        await engine.LinkAsync(simulator, instance.Id, Business);
        await engine.Engine.StopAsync(instance.Id);
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Stopped);

        var now = clock.GetUtcNow().UtcDateTime;
        var stillWanted = await ScheduleAsync(engine, instance, "still wanted", now.AddHours(1), now.AddHours(3));
        var tooLate = await ScheduleAsync(engine, instance, "too late", now.AddHours(1), now.AddHours(2));
        var events = new List<MessageStatusChangedSeen>();
        using var watching = new CancellationTokenSource();
        var watch = WatchAsync(engine, events, watching.Token);

        clock.Advance(TimeSpan.FromMinutes(150));
        await engine.LinkAgainAsync(instance.Id);

        await engine.WaitForMessageAsync(stillWanted.Id, m => m.Status is MessageStatus.Delivered or MessageStatus.Read, "the unexpired message to go out on reconnection");
        var expired = await engine.MessageAsync(tooLate.Id);
        Assert.Equal(MessageStatus.Expired, expired.Status);
        Assert.Contains("expiry", expired.Error);
        var onPhone = await simulator.MessagesAsync(Customer);
        Assert.Single(onPhone, m => m.GetProperty("text").GetString() == "still wanted");
        Assert.DoesNotContain(onPhone, m => m.GetProperty("text").GetString() == "too late");
        await watching.CancelAsync();
        await watch;
        Assert.Contains(new MessageStatusChangedSeen(tooLate.Id, MessageStatus.Expired), events);
        Assert.Contains(new MessageStatusChangedSeen(stillWanted.Id, MessageStatus.Queued), events);
    }

    private sealed record MessageStatusChangedSeen(Guid MessageId, MessageStatus Status);

    private static async Task WatchAsync(EngineHost engine, List<MessageStatusChangedSeen> seen, CancellationToken stop)
    {
        await foreach (var engineEvent in engine.Events.SubscribeAsync(stop))
            if (engineEvent is WhatsPortal.Engine.Events.MessageStatusChanged changed)
                lock (seen) seen.Add(new MessageStatusChangedSeen(changed.MessageId, changed.Status));
    }

    private static Task<Message> ScheduleAsync(EngineHost engine, Instance instance, string text, DateTime sendAt, DateTime? expiresAt = null) =>
        engine.Engine.EnqueueAsync(instance.TenantId, instance.Id, new OutboundMessageRequest(Customer, text, Schedule: new OutboundSchedule(sendAt, expiresAt)));
}
