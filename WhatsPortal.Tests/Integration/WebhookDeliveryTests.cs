using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine.Events;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Tests.Integration;

public sealed class WebhookDeliveryTests
{
    [Fact]
    public async Task Deliveries_are_signed_kept_in_order_and_retried_after_two_500s()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var portal = new IntegrationPortal();
        var (api, tenantId, instanceId, secret) = await portal.InstanceWithWebhookAsync(receiver.Url);
        receiver.AnswerNext(500, 500);

        await portal.RaiseStatusAsync(tenantId, instanceId, InstanceStatus.Stopped, InstanceStatus.Starting);
        await portal.RaiseStatusAsync(tenantId, instanceId, InstanceStatus.Starting, InstanceStatus.Qr);
        await portal.RaiseStatusAsync(tenantId, instanceId, InstanceStatus.Qr, InstanceStatus.Connecting);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count(r => r.AnsweredWith == 200) == 3), "three events are accepted");

        var requests = receiver.Requests.ToList();
        Assert.Equal([500, 500, 200, 200, 200], requests.Select(r => r.AnsweredWith));
        var eventIds = requests.Select(r => r.Headers[WebhookSigner.EventIdHeader]).ToList();
        Assert.Equal(eventIds[0], eventIds[1]);
        Assert.Equal(eventIds[0], eventIds[2]);
        Assert.Equal(["starting", "starting", "starting", "qr", "connecting"], requests.Select(r => Envelope(r).GetProperty("data").GetProperty("to").GetString()));

        foreach (var request in requests)
        {
            var timestamp = long.Parse(request.Headers[WebhookSigner.TimestampHeader]);
            Assert.Equal(WebhookSigner.Sign(secret, timestamp, request.Body), request.Headers[WebhookSigner.SignatureHeader]);
            Assert.NotEqual(WebhookSigner.Sign(secret, timestamp + 1, request.Body), request.Headers[WebhookSigner.SignatureHeader]);
            var envelope = Envelope(request);
            Assert.Equal("instance.status", envelope.GetProperty("type").GetString());
            Assert.Equal(instanceId, envelope.GetProperty("instanceId").GetGuid());
            Assert.Equal(tenantId, envelope.GetProperty("tenantId").GetGuid());
        }

        var log = (await api.GetFromJsonAsync<WebhooksApi.DeliveryResponse[]>($"/api/v1/instances/{instanceId}/webhook/deliveries"))!;
        var first = log.Single(d => d.EventId.ToString() == eventIds[0]);
        Assert.Equal("delivered", first.Status);
        Assert.Equal([500, 500, 200], first.AttemptLog.Select(a => a.StatusCode ?? 0));
        Assert.All(first.AttemptLog, a => Assert.True(a.DurationMs >= 0));
    }

    [Fact]
    public async Task A_failed_delivery_is_retried_when_the_clock_reaches_its_due_time_and_not_a_tick_before()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await using var receiver = await WebhookReceiver.StartAsync();
        // Minutes on a clock that stands still: only the test moving it can make the retry due.
        await using var portal = new IntegrationPortal([new("Webhooks:RetryBaseDelay", "00:10:00"), new("Webhooks:RetryMaxDelay", "00:10:00")]) { Clock = clock };
        var (_, tenantId, instanceId, _) = await portal.InstanceWithWebhookAsync(receiver.Url);
        var (_, otherTenantId, otherInstanceId, _) = await portal.InstanceWithWebhookAsync(receiver.Url);
        receiver.AnswerNext(500);

        await portal.RaiseStatusAsync(tenantId, instanceId, InstanceStatus.Stopped, InstanceStatus.Starting);
        WebhookDelivery delivery = null!;
        await Eventually.TrueAsync(async () => (delivery = (await DeliveryAsync(portal, instanceId))!) is { Attempts: 1 }, "the first attempt to fail");
        var failedAt = clock.GetUtcNow().UtcDateTime;
        Assert.Equal(WebhookDeliveryStatus.Pending, delivery.Status);
        Assert.InRange(delivery.NextAttemptAt - failedAt, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15));

        clock.Advance(delivery.NextAttemptAt - failedAt - TimeSpan.FromTicks(1));
        // Two events of another instance, the second tried only once the first is delivered: when the second arrives, a whole
        // dispatch pass that began after the clock moved has ended, and that pass would have retried the failed delivery had it been due.
        await portal.RaiseStatusAsync(otherTenantId, otherInstanceId, InstanceStatus.Stopped, InstanceStatus.Starting);
        await portal.RaiseStatusAsync(otherTenantId, otherInstanceId, InstanceStatus.Starting, InstanceStatus.Qr);
        await Eventually.TrueAsync(() => Task.FromResult(ReceivedFor(receiver, otherInstanceId) == 2), "both events of the other instance to arrive");
        Assert.Equal(1, (await DeliveryAsync(portal, instanceId))!.Attempts);
        Assert.Equal(1, ReceivedFor(receiver, instanceId));

        clock.Advance(TimeSpan.FromTicks(1));
        await Eventually.TrueAsync(async () => (await DeliveryAsync(portal, instanceId))!.Status == WebhookDeliveryStatus.Delivered, "the retry to be delivered");
        Assert.Equal(2, ReceivedFor(receiver, instanceId));
        await using var db = portal.AcrossTenants();
        Assert.Equal([failedAt, delivery.NextAttemptAt],
            await db.WebhookAttempts.Where(a => a.DeliveryId == delivery.Id).OrderBy(a => a.Id).Select(a => a.At).ToListAsync());
    }

    /// <summary>The instance's one delivery, once the event has been relayed to the outbox.</summary>
    private static async Task<WebhookDelivery?> DeliveryAsync(PortalFactory portal, Guid instanceId)
    {
        await using var db = portal.AcrossTenants();
        return await db.WebhookDeliveries.AsNoTracking().SingleOrDefaultAsync(d => d.InstanceId == instanceId);
    }

    private static int ReceivedFor(WebhookReceiver receiver, Guid instanceId) =>
        receiver.Requests.Count(r => Envelope(r).GetProperty("instanceId").GetGuid() == instanceId);

    [Fact]
    public async Task A_4xx_answer_other_than_408_or_429_is_not_retried_and_can_be_redelivered_by_hand()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var portal = new IntegrationPortal();
        var (api, tenantId, instanceId, _) = await portal.InstanceWithWebhookAsync(receiver.Url);
        receiver.AnswerNext(400);

        await portal.RaiseStatusAsync(tenantId, instanceId, InstanceStatus.Stopped, InstanceStatus.Starting);
        WebhooksApi.DeliveryResponse failed = null!;
        await Eventually.TrueAsync(async () =>
        {
            failed = (await api.GetFromJsonAsync<WebhooksApi.DeliveryResponse[]>($"/api/v1/instances/{instanceId}/webhook/deliveries"))!.SingleOrDefault()!;
            return failed?.Status == "failed";
        }, "the delivery ends failed");
        Assert.Equal(1, failed.Attempts);
        Assert.Equal(400, failed.LastStatusCode);

        var redeliver = await api.PostAsync($"/api/v1/instances/{instanceId}/webhook/deliveries/{failed.Id}/redeliver", null);
        Assert.Equal(HttpStatusCode.Accepted, redeliver.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Any(r => r.AnsweredWith == 200)), "the redelivery is accepted");
        Assert.Equal(2, receiver.Requests.Select(r => r.Headers[WebhookSigner.EventIdHeader]).Where(id => id == failed.EventId.ToString()).Count());
    }

    [Fact]
    public async Task A_delivery_pending_when_the_app_stops_is_delivered_after_it_restarts()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var data = new TestDirectory();
        receiver.DefaultAnswer = 503;
        Guid instanceId;
        string key;
        await using (var first = new IntegrationPortal(data.Path, [new("Webhooks:RetryBaseDelay", "00:00:00.300")]))
        {
            var (api, tenantId, id, _) = await first.InstanceWithWebhookAsync(receiver.Url);
            instanceId = id;
            key = api.DefaultRequestHeaders.GetValues("X-Api-Key").Single();
            await first.RaiseStatusAsync(tenantId, instanceId, InstanceStatus.Stopped, InstanceStatus.Starting);
            await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count >= 1), "a first attempt fails");
        }

        receiver.DefaultAnswer = 200;
        await using var second = new IntegrationPortal(data.Path, []);
        using var again = second.ApiClient(key);
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Any(r => r.AnsweredWith == 200)), "the restarted app delivers it");
        var log = (await again.GetFromJsonAsync<WebhooksApi.DeliveryResponse[]>($"/api/v1/instances/{instanceId}/webhook/deliveries"))!;
        Assert.Equal("delivered", Assert.Single(log).Status);
        Assert.Single(receiver.Requests.Select(r => r.Headers[WebhookSigner.EventIdHeader]).Distinct());
    }

    [Fact]
    public async Task Events_committed_when_the_app_dies_before_relaying_them_are_delivered_after_it_restarts()
    {
        const int Events = 50;
        await using var receiver = await WebhookReceiver.StartAsync();
        using var data = new TestDirectory();
        var instanceId = await RunWithWebhookAsync(data, receiver, async (first, tenantId, instanceId) =>
        {
            // The relay never gets to them, as when the process is killed right after the engine's commits.
            await PumpOf(first).StopAsync(CancellationToken.None);
            for (var i = 0; i < Events; i++)
                await first.RaiseStatusAsync(tenantId, instanceId, i % 2 == 0 ? InstanceStatus.Stopped : InstanceStatus.Starting, i % 2 == 0 ? InstanceStatus.Starting : InstanceStatus.Stopped);
            await using var db = first.AcrossTenants();
            Assert.Equal(0, await db.WebhookDeliveries.CountAsync(d => d.InstanceId == instanceId));
        });

        await using var second = new IntegrationPortal(data.Path, []);
        await AllDeliveredAsync(second, instanceId, Events);
        var statuses = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("to").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, Events).Select(i => i % 2 == 0 ? "starting" : "stopped"), statuses);
    }

    [Fact]
    public async Task Qr_codes_raised_just_before_a_graceful_stop_are_all_delivered_after_the_restart()
    {
        const int Events = 200;
        await using var receiver = await WebhookReceiver.StartAsync();
        using var data = new TestDirectory();
        var instanceId = await RunWithWebhookAsync(data, receiver, async (first, tenantId, instanceId) =>
        {
            // QR codes are not journaled; the host stops the pump right after the engine, with the last ones still on the bus.
            var bus = first.Services.GetRequiredService<IEngineEvents>();
            for (var i = 0; i < Events; i++)
                bus.Publish(new QrCodeChanged(tenantId, instanceId, DateTime.UtcNow, new QrCode($"ref-{i}", DateTime.UtcNow.AddSeconds(20))));
            await PumpOf(first).StopAsync(CancellationToken.None);
        });

        await using var second = new IntegrationPortal(data.Path, []);
        await AllDeliveredAsync(second, instanceId, Events);
        Assert.Equal(Events, receiver.Requests.Select(r => r.Headers[WebhookSigner.EventIdHeader]).Distinct().Count());
    }

    [Fact]
    public async Task A_qr_code_reaches_the_webhook_after_the_status_change_committed_before_it()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var portal = new IntegrationPortal();
        var (_, tenantId, instanceId, _) = await portal.InstanceWithWebhookAsync(receiver.Url);
        var bus = portal.Services.GetRequiredService<IEngineEvents>();
        // As the session shows a QR: the status change is journaled, the QR code is only published.
        for (var i = 0; i < 10; i++)
        {
            await portal.RaiseStatusAsync(tenantId, instanceId, InstanceStatus.Starting, InstanceStatus.Qr);
            bus.Publish(new QrCodeChanged(tenantId, instanceId, DateTime.UtcNow, new QrCode($"ref-{i}", DateTime.UtcNow.AddSeconds(20))));
        }

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count >= 20), "all 20 events arrive");
        var types = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("type").GetString()).ToList();
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(_ => new[] { "instance.status", "instance.qr" }), types);
    }

    /// <summary>Runs the app over <paramref name="data"/> with an instance hooked to <paramref name="receiver"/>, does <paramref name="lastActs"/>, and stops it.</summary>
    private static async Task<Guid> RunWithWebhookAsync(TestDirectory data, WebhookReceiver receiver, Func<IntegrationPortal, Guid, Guid, Task> lastActs)
    {
        await using var portal = new IntegrationPortal(data.Path, []);
        var (_, tenantId, instanceId, _) = await portal.InstanceWithWebhookAsync(receiver.Url);
        await lastActs(portal, tenantId, instanceId);
        return instanceId;
    }

    private static IntegrationEventPump PumpOf(IntegrationPortal portal) =>
        portal.Services.GetServices<IHostedService>().OfType<IntegrationEventPump>().Single();

    private static Task AllDeliveredAsync(IntegrationPortal portal, Guid instanceId, int count) =>
        Eventually.TrueAsync(async () =>
        {
            await using var db = portal.AcrossTenants();
            return await db.WebhookDeliveries.CountAsync(d => d.InstanceId == instanceId && d.Status == WebhookDeliveryStatus.Delivered) == count;
        }, $"all {count} events are delivered");

    [Theory]
    [InlineData("http://127.0.0.1:9/hook")]
    [InlineData("http://localhost/hook")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://10.0.0.5/hook")]
    [InlineData("http://[::1]/hook")]
    [InlineData("ftp://example.com/hook")]
    public async Task Private_loopback_and_link_local_destinations_are_refused_at_registration(string url)
    {
        await using var portal = new PortalFactory();
        var (_, key) = await portal.CreateTenantWithKeyAsync();
        using var api = portal.ApiClient(key);

        var problem = await (await api.PostAsJsonAsync("/api/v1/instances", new { name = "ssrf", webhookUrl = url })).AssertValidationProblemAsync();
        Assert.Contains(problem.Errors, e => e.Key.Equals("webhookUrl", StringComparison.OrdinalIgnoreCase));
        await (await api.PutAsJsonAsync("/api/v1/webhook", new { url })).AssertValidationProblemAsync();
        await using var db = portal.AcrossTenants();
        Assert.False(await db.Instances.AnyAsync(i => i.Name == "ssrf"));
    }

    [Fact]
    public async Task A_destination_that_is_not_allowed_is_refused_at_delivery_and_never_contacted()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var portal = new PortalFactory();
        var (tenantId, key) = await portal.CreateTenantWithKeyAsync();
        using var api = portal.ApiClient(key);
        var created = await api.PostAsJsonAsync("/api/v1/instances", new { name = "sneaky" });
        var instance = (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!;
        // As if the URL had been accepted under an older configuration that allowed loopback.
        await using (var db = portal.AcrossTenants())
            await db.Instances.Where(i => i.Id == instance.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.WebhookUrl, receiver.Url.ToString()));

        await portal.RaiseStatusAsync(tenantId, instance.Id, InstanceStatus.Stopped, InstanceStatus.Starting);
        WebhooksApi.DeliveryResponse delivery = null!;
        await Eventually.TrueAsync(async () =>
        {
            delivery = (await api.GetFromJsonAsync<WebhooksApi.DeliveryResponse[]>($"/api/v1/instances/{instance.Id}/webhook/deliveries"))!.SingleOrDefault()!;
            return delivery?.Status == "failed";
        }, "the delivery is refused");
        Assert.Contains("Refused", delivery.LastError);
        Assert.Equal(1, delivery.Attempts);
        Assert.Empty(receiver.Requests);
    }

    private static JsonElement Envelope(WebhookReceiver.Received request) => JsonDocument.Parse(request.Body).RootElement;
}
