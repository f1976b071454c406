using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// Replies, reactions, edits and deletes for everyone, both ways, through the API, the engine in real Chromium and the
/// simulator's network: what one side does, the other phone sees, and webhooks tell.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MessageReferencesTests
{
    private const string InstanceNumber = "5511900000014";
    private const string Customer = "5511988887777";

    [Fact]
    public async Task Our_reply_reaction_edit_and_delete_reach_the_phone_and_a_reaction_accepted_while_stopped_goes_out_on_reconnecting()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var world = await LinkedWorld.StartAsync("references", InstanceNumber, [new("Webhooks:AllowedHosts:0", "127.0.0.1")]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");
        (await api.PutAsJsonAsync($"/api/v1/instances/{instance.Id}/webhook", new { url = receiver.Url.ToString(), events = new[] { "message.reaction", "message.edited" } })).EnsureSuccessStatusCode();
        var asked = await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Quero um orçamento");
        var inbound = await StoredAsync(api, instance.Id, m => m.Text == "Quero um orçamento");

        var reply = await AcceptedAsync<MessagesApi.QueuedMessageResponse>(await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages",
            new { to = Customer, text = "Segue o orçamento", quotedMessageId = inbound.Id }));
        var onPhone = await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("text").GetString() == "Segue o orçamento", "the reply reaches the phone");
        Assert.Equal(asked, onPhone.GetProperty("quotedId").GetString());
        var replyId = onPhone.GetProperty("id").GetString()!;
        Assert.Equal(inbound.WhatsAppId, (await EngineBackedPortal.MessageStatusAsync(api, instance.Id, reply.Id, "delivered")).QuotedWhatsAppId);

        (await api.PostAsync($"/api/v1/instances/{instance.Id}/stop", null)).EnsureSuccessStatusCode();
        await EngineBackedPortal.StatusAsync(api, instance.Id, "stopped");
        var whileStopped = await AcceptedAsync<MessagesApi.QueuedActionResponse>(await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages/{inbound.Id}/reaction", new { emoji = "👍" }));
        Assert.Equal(("react", "queued", "stopped"), (whileStopped.Kind, whileStopped.Status, whileStopped.InstanceStatus));
        (await api.PostAsync($"/api/v1/instances/{instance.Id}/start", null)).EnsureSuccessStatusCode();
        await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("id").GetString() == asked && Reaction(m, InstanceNumber) == "👍", "the reaction reaches the phone after reconnecting");
        await Eventually.TrueAsync(async () => (await MessageAsync(api, instance.Id, inbound.Id)).Reactions is [{ FromMe: true, Emoji: "👍", SenderId: "me" }], "our reaction is stored once sent");

        await AcceptedAsync<MessagesApi.QueuedActionResponse>(await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages/{inbound.Id}/reaction", new { emoji = "" }));
        await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("id").GetString() == asked && Reaction(m, InstanceNumber) is null, "the reaction is removed on the phone");

        await AcceptedAsync<MessagesApi.QueuedActionResponse>(await api.PatchAsJsonAsync($"/api/v1/instances/{instance.Id}/messages/{reply.Id}", new { text = "Segue o orçamento revisado" }));
        var edited = await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("id").GetString() == replyId && m.GetProperty("text").GetString() == "Segue o orçamento revisado", "the edit reaches the phone");
        Assert.NotEqual(JsonValueKind.Null, edited.GetProperty("editedAt").ValueKind);
        await Eventually.TrueAsync(async () => (await MessageAsync(api, instance.Id, reply.Id)) is { Text: "Segue o orçamento revisado", EditedAt: not null }, "the stored text is the edited one");

        await AcceptedAsync<MessagesApi.QueuedActionResponse>(await api.DeleteAsync($"/api/v1/instances/{instance.Id}/messages/{reply.Id}"));
        await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("id").GetString() == replyId && m.GetProperty("type").GetString() == "revoked", "the phone shows the message deleted");
        await Eventually.TrueAsync(async () => (await MessageAsync(api, instance.Id, reply.Id)).Revoked, "the stored message is revoked");

        await Eventually.TrueAsync(() => Task.FromResult(Types(receiver).Count(t => t == "message.reaction") >= 2 && Types(receiver).Contains("message.edited")), "webhooks tell the reaction, its removal and the edit");
        var reacted = Envelopes(receiver).First(e => e.GetProperty("type").GetString() == "message.reaction").GetProperty("data");
        Assert.Equal((inbound.Id.ToString(), "👍", true), (reacted.GetProperty("messageId").GetString(), reacted.GetProperty("emoji").GetString(), reacted.GetProperty("fromMe").GetBoolean()));
    }

    [Fact]
    public async Task The_phones_reply_reaction_edit_and_delete_are_stored_and_told()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var world = await LinkedWorld.StartAsync("references-inbound", InstanceNumber, [new("Webhooks:AllowedHosts:0", "127.0.0.1")]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");
        (await api.PutAsJsonAsync($"/api/v1/instances/{instance.Id}/webhook", new { url = receiver.Url.ToString(), events = new[] { "message.reaction", "message.edited" } })).EnsureSuccessStatusCode();
        var ours = await AcceptedAsync<MessagesApi.QueuedMessageResponse>(await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages", new { to = Customer, text = "Seu pedido saiu" }));
        var sent = await EngineBackedPortal.MessageStatusAsync(api, instance.Id, ours.Id, "delivered");
        var oursOnPhone = (await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("text").GetString() == "Seu pedido saiu", "our message arrives")).GetProperty("id").GetString();

        using (var replied = await simulator.Api.PostAsJsonAsync($"phones/{Customer}/messages", new { to = InstanceNumber, text = "Obrigada!", quotedId = oursOnPhone }))
            Assert.Equal(HttpStatusCode.Created, replied.StatusCode);
        var reply = await StoredAsync(api, instance.Id, m => m.Text == "Obrigada!");
        Assert.Equal(sent.WhatsAppId, reply.QuotedWhatsAppId);

        await simulator.PostAsync($"phones/{Customer}/messages/{oursOnPhone}/reaction", new { emoji = "❤️" });
        await Eventually.TrueAsync(async () => (await MessageAsync(api, instance.Id, ours.Id)).Reactions is [{ FromMe: false, Emoji: "❤️", SenderId: $"{Customer}@c.us" }], "the phone's reaction is stored under our message");

        var replyOnPhone = reply.WhatsAppId!.Split('_')[^1];
        await simulator.PostAsync($"phones/{Customer}/messages/{replyOnPhone}/edit", new { text = "Obrigada, chegou!" });
        await Eventually.TrueAsync(async () => (await MessageAsync(api, instance.Id, reply.Id)) is { Text: "Obrigada, chegou!", EditedAt: not null }, "the phone's edit updates the stored message");

        (await simulator.Api.DeleteAsync($"phones/{Customer}/messages/{replyOnPhone}")).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(async () => (await MessageAsync(api, instance.Id, reply.Id)).Revoked, "the phone's delete for everyone revokes the stored message");

        await Eventually.TrueAsync(() => Task.FromResult(Types(receiver).Contains("message.reaction") && Types(receiver).Contains("message.edited")), "webhooks tell the reaction and the edit");
        var editedEvent = Envelopes(receiver).First(e => e.GetProperty("type").GetString() == "message.edited").GetProperty("data");
        Assert.Equal((reply.Id.ToString(), "Obrigada, chegou!"), (editedEvent.GetProperty("messageId").GetString(), editedEvent.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Unknown_and_foreign_messages_a_non_emoji_an_inbound_or_late_edit_and_a_foreign_quote_are_refused_precisely()
    {
        await using var world = await LinkedWorld.StartAsync("references-refusals", InstanceNumber);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");
        await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Oi");
        var inbound = await StoredAsync(api, instance.Id, m => m.Text == "Oi");
        var ours = await AcceptedAsync<MessagesApi.QueuedMessageResponse>(await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages", new { to = Customer, text = "Olá" }));
        await EngineBackedPortal.MessageStatusAsync(api, instance.Id, ours.Id, "delivered");
        var at = $"/api/v1/instances/{instance.Id}/messages";

        await (await api.PostAsJsonAsync($"{at}/{Guid.NewGuid()}/reaction", new { emoji = "👍" })).AssertProblemAsync(HttpStatusCode.NotFound);
        var (_, otherKey) = await world.Portal.CreateTenantWithKeyAsync();
        using (var other = world.Portal.ApiClient(otherKey))
            await (await other.PostAsJsonAsync($"{at}/{inbound.Id}/reaction", new { emoji = "👍" })).AssertProblemAsync(HttpStatusCode.NotFound);
        var notEmoji = await (await api.PostAsJsonAsync($"{at}/{inbound.Id}/reaction", new { emoji = "👍👍" })).AssertValidationProblemAsync();
        Assert.Equal(["emoji"], notEmoji.Errors.Keys.ToArray());
        await (await api.PostAsJsonAsync($"{at}/{inbound.Id}/reaction", new { emoji = "ok" })).AssertValidationProblemAsync();
        await (await api.PatchAsJsonAsync($"{at}/{inbound.Id}", new { text = "não é minha" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await api.DeleteAsync($"{at}/{inbound.Id}")).AssertProblemAsync(HttpStatusCode.Conflict);
        var foreignQuote = await (await api.PostAsJsonAsync(at, new { to = "5511977776666", text = "x", quotedMessageId = inbound.Id })).AssertValidationProblemAsync();
        Assert.Equal(["quotedMessageId"], foreignQuote.Errors.Keys.ToArray());

        // Sent 16 minutes ago: past the 15 WhatsApp allows for an edit.
        await using (var db = world.Portal.AcrossTenants())
            await db.Messages.Where(m => m.Id == ours.Id).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, DateTime.UtcNow.AddMinutes(-16)));
        await (await api.PatchAsJsonAsync($"{at}/{ours.Id}", new { text = "tarde demais" })).AssertProblemAsync(HttpStatusCode.Conflict);
        await using (var db = world.Portal.AcrossTenants())
            Assert.False(await db.MessageActions.AnyAsync());
    }

    private static async Task<T> AcceptedAsync<T>(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<T>())!;
    }

    private static async Task<ChatsApi.MessageResponse> MessageAsync(HttpClient api, Guid instanceId, Guid messageId) =>
        (await api.GetFromJsonAsync<ChatsApi.MessageResponse>($"/api/v1/instances/{instanceId}/messages/{messageId}"))!;

    private static async Task<ChatsApi.MessageResponse> StoredAsync(HttpClient api, Guid instanceId, Func<ChatsApi.MessageResponse, bool> match)
    {
        ChatsApi.MessageResponse? found = null;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await api.GetAsync($"/api/v1/instances/{instanceId}/chats/{Customer}/messages");
            if (!response.IsSuccessStatusCode) return false;
            found = (await response.Content.ReadFromJsonAsync<ChatsApi.MessageResponse[]>())!.FirstOrDefault(match);
            return found is not null;
        }, "the message is stored");
        return found!;
    }

    private static string? Reaction(JsonElement phoneMessage, string reactor) =>
        phoneMessage.TryGetProperty("reactions", out var reactions) && reactions.ValueKind == JsonValueKind.Object && reactions.TryGetProperty(reactor, out var emoji)
            ? emoji.GetString() : null;

    private static IEnumerable<JsonElement> Envelopes(WebhookReceiver receiver) => receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement);

    private static List<string?> Types(WebhookReceiver receiver) => Envelopes(receiver).Select(e => e.GetProperty("type").GetString()).ToList();
}
