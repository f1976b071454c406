using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Engine;

/// <summary>
/// What the engine does as time passes (QR codes expiring, relaunching after a lost page), with the engine and the
/// simulator on one clock the test moves: real Chromium, the simulator on real Kestrel and a real SQLite file, and a
/// clock that stands still until the test moves it.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class EngineClockTests
{
    private const string Business = "5511911110000";
    private static readonly TimeSpan FirstQrLifetime = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan NextQrLifetime = TimeSpan.FromSeconds(20);

    // WhatsApp Web's own QR timings. The engines below check health an hour apart, so no check runs while the clock moves.
    private static readonly Dictionary<string, string?> SimulatorQr = new()
    {
        ["Simulator:FirstQrRefSeconds"] = "60",
        ["Simulator:QrRefSeconds"] = "20",
        ["Simulator:QrRefCount"] = "2",
    };

    private static FakeTimeProvider NewClock() => new(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task A_QR_code_is_replaced_when_its_lifetime_ends_and_links_until_then()
    {
        var clock = NewClock();
        await using var simulator = await SimulatorServer.StartAsync(SimulatorQr, clock: clock);
        await simulator.CreatePhoneAsync(Business, "Sales");
        await using var engine = await EngineHost.StartAsync(simulator, settings: new Dictionary<string, string?>
        {
            ["Engine:HealthCheckInterval"] = "01:00:00",
            ["Engine:FirstQrLifetime"] = "00:01:00",
            ["Engine:NextQrLifetime"] = "00:00:20",
        }, clock: clock);
        var instance = await engine.CreateInstanceAsync("sales");
        var shownAt = clock.GetUtcNow().UtcDateTime;

        await engine.Engine.StartAsync(instance.Id);
        await Eventually.TrueAsync(async () => await engine.Engine.GetQrAsync(instance.Id) is not null, "a QR code to show", TimeSpan.FromSeconds(60));
        var first = (await engine.Engine.GetQrAsync(instance.Id))!;
        Assert.Equal(shownAt + FirstQrLifetime, first.ExpiresAt);

        clock.Advance(FirstQrLifetime);
        await Eventually.TrueAsync(async () => await engine.Engine.GetQrAsync(instance.Id) is { } qr && qr.Code != first.Code,
            "the expired QR code to be replaced", TimeSpan.FromSeconds(60));
        var second = (await engine.Engine.GetQrAsync(instance.Id))!;
        Assert.Equal(shownAt + FirstQrLifetime + NextQrLifetime, second.ExpiresAt);
        using (var stale = await simulator.LinkAsync(Business, first.Code))
            Assert.Equal(System.Net.HttpStatusCode.Conflict, stale.StatusCode);

        // One tick before it expires, the code still links the device.
        clock.Advance(NextQrLifetime - TimeSpan.FromTicks(1));
        using (var linked = await simulator.LinkAsync(Business, second.Code))
            Assert.True(linked.IsSuccessStatusCode, $"Linking answered {(int)linked.StatusCode}: {await linked.Content.ReadAsStringAsync()}");
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Connected);
    }

    [Fact]
    public async Task When_nobody_scans_the_last_QR_code_before_it_expires_the_instance_fails_and_frees_its_slot()
    {
        var clock = NewClock();
        await using var simulator = await SimulatorServer.StartAsync(SimulatorQr, clock: clock);
        await using var engine = await EngineHost.StartAsync(simulator,
            settings: new Dictionary<string, string?> { ["Engine:HealthCheckInterval"] = "01:00:00", ["Engine:MaxInstances"] = "1" }, clock: clock);
        var instance = await engine.CreateInstanceAsync("sales");
        var second = await engine.CreateInstanceAsync("support");

        await engine.Engine.StartAsync(instance.Id);
        var refused = await Assert.ThrowsAsync<InstanceStateException>(() => engine.Engine.StartAsync(second.Id));
        Assert.Contains("Engine:MaxInstances", refused.Message);
        await Eventually.TrueAsync(async () => await engine.Engine.GetQrAsync(instance.Id) is not null, "a QR code to show", TimeSpan.FromSeconds(60));
        var first = (await engine.Engine.GetQrAsync(instance.Id))!;
        clock.Advance(FirstQrLifetime);
        await Eventually.TrueAsync(async () => await engine.Engine.GetQrAsync(instance.Id) is { } qr && qr.Code != first.Code,
            "the second and last QR code to show", TimeSpan.FromSeconds(60));

        clock.Advance(NextQrLifetime);
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Failed);
        var failed = await engine.InstanceAsync(instance.Id);
        Assert.Contains("QR attempts ended", failed.StatusReason);
        Assert.False(failed.AutoStart, "a failed instance needs a person; it does not start with the app");
        Assert.Null(await engine.Engine.GetQrAsync(instance.Id));

        // The slot is free again.
        await engine.Engine.StartAsync(second.Id);
        await engine.WaitForStatusAsync(second.Id, InstanceStatus.Qr);
    }

    [Fact]
    public async Task A_lost_page_is_relaunched_when_the_clock_reaches_the_backoff_and_not_before()
    {
        var clock = NewClock();
        await using var simulator = await SimulatorServer.StartAsync(clock: clock);
        await simulator.CreatePhoneAsync(Business, "Sales");
        // The first failure waits between half and all of ReconnectMinDelay (ReconnectBackoff).
        var minDelay = TimeSpan.FromMinutes(10);
        await using var engine = await EngineHost.StartAsync(simulator, settings: new Dictionary<string, string?>
        {
            ["Engine:HealthCheckInterval"] = "01:00:00",
            ["Engine:ReconnectMinDelay"] = "00:10:00",
            ["Engine:ReconnectMaxDelay"] = "00:10:00",
        }, clock: clock);
        var instance = await engine.CreateInstanceAsync("sales");
        await engine.LinkAsync(simulator, instance.Id, Business);
        var profile = engine.Paths.ProfileDirectory(instance.Id);

        var mark = await engine.LastEventIdAsync(instance.Id);
        var lostAt = clock.GetUtcNow().UtcDateTime;
        Assert.True(ChromiumProcesses.Kill(profile) > 0, "a Chromium process should run on the instance's profile");
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Reconnecting);
        await Eventually.TrueAsync(() => Task.FromResult(ChromiumProcesses.Of(profile).Count == 0), "the killed Chromium to be gone");

        clock.Advance(minDelay / 2 - TimeSpan.FromTicks(1));
        Assert.Equal(InstanceStatus.Reconnecting, await engine.Engine.GetStatusAsync(instance.Id));
        Assert.Empty(ChromiumProcesses.Of(profile));

        clock.Advance(minDelay / 2 + TimeSpan.FromTicks(1));
        var relaunchableAt = clock.GetUtcNow().UtcDateTime;
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Connected);
        await using var db = engine.Db();
        var transitions = await db.InstanceEvents.AsNoTracking()
            .Where(e => e.InstanceId == instance.Id && e.Type == "status" && e.Id > mark).OrderBy(e => e.Id)
            .Select(e => new { e.ToStatus, e.CreatedAt }).ToListAsync();
        Assert.Equal([InstanceStatus.Reconnecting, InstanceStatus.Connecting, InstanceStatus.Connected], transitions.Select(t => t.ToStatus!.Value));
        Assert.Equal(lostAt, transitions[0].CreatedAt);
        // The relaunched page reported in only on the clock that had passed the backoff.
        Assert.Equal(relaunchableAt, transitions[1].CreatedAt);
    }
}
