using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>Presence both ways through the API, the engine in real Chromium and the simulator's network: theirs by webhook once subscribed, ours on the phone.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class PresenceTests
{
    private const string InstanceNumber = "5511900000007";
    private const string Customer = "5511988887777";

    [Fact]
    public async Task A_subscribed_contacts_presence_reaches_the_webhook_and_our_typing_reaches_the_phone_until_we_send()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var world = await LinkedWorld.StartAsync("presence", InstanceNumber, [new("Webhooks:AllowedHosts:0", "127.0.0.1")]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");
        var webhook = await api.PutAsJsonAsync($"/api/v1/instances/{instance.Id}/webhook", new { url = receiver.Url.ToString(), events = new[] { "presence.update" } });
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);

        // Before the subscription WhatsApp tells the instance nothing of Ana's typing.
        await simulator.PostAsync($"phones/{Customer}/chat-state", new { to = InstanceNumber, state = "composing" });
        var subscribed = await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/contacts/presence", new { numbers = new[] { Customer, "5511977776666" } });
        Assert.Equal(HttpStatusCode.OK, subscribed.StatusCode);
        Assert.Equal(new[] { $"{Customer}@c.us" }, (await subscribed.Content.ReadFromJsonAsync<ContactsApi.PresenceResponse>())!.Subscribed);
        await simulator.PostAsync($"phones/{Customer}/chat-state", new { to = InstanceNumber, state = "recording" });

        await Eventually.TrueAsync(() => Task.FromResult(!receiver.Requests.IsEmpty), "the webhook receives Ana's presence");
        var envelope = JsonDocument.Parse(receiver.Requests.First().Body).RootElement;
        Assert.Equal("presence.update", envelope.GetProperty("type").GetString());
        Assert.Equal($"{Customer}@c.us", envelope.GetProperty("data").GetProperty("chatId").GetString());
        Assert.Equal("recording", envelope.GetProperty("data").GetProperty("state").GetString());

        var typing = await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/chats/{Customer}/state", new { state = "composing" });
        Assert.Equal(HttpStatusCode.NoContent, typing.StatusCode);
        Assert.Equal("composing", (await simulator.GetJsonAsync($"phones/{Customer}/chat-states")).GetProperty(InstanceNumber).GetString());
        (await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages", new { to = Customer, text = "Já te respondo" })).EnsureSuccessStatusCode();
        await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("text").GetString() == "Já te respondo", "the phone receives the message");
        Assert.Empty((await simulator.GetJsonAsync($"phones/{Customer}/chat-states")).EnumerateObject());
    }

    [Fact]
    public async Task A_bad_state_or_number_and_another_tenants_instance_are_refused()
    {
        await using var world = await LinkedWorld.StartAsync("presence-refusals", InstanceNumber);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");

        var state = await (await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/chats/{Customer}/state", new { state = "dancing" })).AssertValidationProblemAsync();
        Assert.Equal(["state"], state.Errors.Keys.ToArray());
        var chat = await (await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/chats/not-a-number/state", new { state = "composing" })).AssertValidationProblemAsync();
        Assert.Equal(["chatId"], chat.Errors.Keys.ToArray());
        var numbers = await (await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/contacts/presence", new { numbers = new[] { "12" } })).AssertValidationProblemAsync();
        Assert.Equal(["numbers[0]"], numbers.Errors.Keys.ToArray());
        Assert.Empty((await simulator.GetJsonAsync($"phones/{Customer}/chat-states")).EnumerateObject());

        var (_, otherKey) = await world.Portal.CreateTenantWithKeyAsync();
        using var other = world.Portal.ApiClient(otherKey);
        await (await other.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/chats/{Customer}/state", new { state = "composing" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/contacts/presence", new { numbers = new[] { Customer } })).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Empty((await simulator.GetJsonAsync($"phones/{Customer}/chat-states")).EnumerateObject());
    }
}
