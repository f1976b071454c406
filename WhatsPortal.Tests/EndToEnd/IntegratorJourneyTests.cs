using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;
using WhatsPortal.Web.Integration;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>The README's integrator journey: a webhook, a signed message.received from a phone, and a reply.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class IntegratorJourneyTests
{
    private const string InstanceNumber = "5511900000005";
    private const string Customer = "5511966665555";

    [Fact]
    public async Task An_integrator_receives_a_signed_message_received_and_replies()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var world = await LinkedWorld.StartAsync("crm", InstanceNumber, [new("Webhooks:AllowedHosts:0", "127.0.0.1")]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);

        var webhook = await api.PutAsJsonAsync($"/api/v1/instances/{instance.Id}/webhook", new { url = receiver.Url.ToString(), events = new[] { "message.received" } });
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        var secret = (await webhook.Content.ReadFromJsonAsync<WebhooksApi.WebhookResponse>())!.Secret!;

        await simulator.CreatePhoneAsync(Customer, "Bruno");
        await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Vocês entregam hoje?");
        await Eventually.TrueAsync(() => Task.FromResult(!receiver.Requests.IsEmpty), "the webhook receives the message");

        var delivery = Assert.Single(receiver.Requests);
        var timestamp = long.Parse(delivery.Headers[WebhookSigner.TimestampHeader]);
        Assert.Equal(WebhookSigner.Sign(secret, timestamp, delivery.Body), delivery.Headers[WebhookSigner.SignatureHeader]);
        var envelope = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal("message.received", envelope.GetProperty("type").GetString());
        var payload = envelope.GetProperty("data");
        Assert.Equal("Vocês entregam hoje?", payload.GetProperty("message").GetProperty("text").GetString());
        var from = payload.GetProperty("chat").GetProperty("remoteId").GetString()!;
        Assert.Equal($"{Customer}@c.us", from);

        var reply = await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages", new { to = from, text = "Sim, até as 18h." });
        Assert.Equal(HttpStatusCode.Accepted, reply.StatusCode);
        await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("text").GetString() == "Sim, até as 18h.", "the phone receives the reply");
    }
}
