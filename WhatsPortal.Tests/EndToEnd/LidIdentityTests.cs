using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// A contact WhatsApp names by a LID (…@lid): the chat, the API and the webhook carry their phone number once
/// WhatsApp knows it, with the LID beside, and messages under either id are one chat.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class LidIdentityTests
{
    private const string InstanceNumber = "5511900000021";
    private const string Customer = "5511977770021";
    // Messages arrive live only: the history import on connecting would race them.
    private static readonly KeyValuePair<string, string?> NoImport = new("Engine:ImportChatCount", "0");

    [Fact]
    public async Task A_LID_only_contact_becomes_one_chat_under_their_number_once_it_is_known_with_the_LID_beside()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var world = await LinkedWorld.StartAsync("lid", InstanceNumber, [new("Webhooks:AllowedHosts:0", "127.0.0.1"), NoImport]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        var webhook = await api.PutAsJsonAsync($"/api/v1/instances/{instance.Id}/webhook", new { url = receiver.Url.ToString(), events = new[] { "message.received" } });
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);
        var lid = await simulator.CreateLidOnlyPhoneAsync(Customer, "Ana");
        var phone = $"{Customer}@c.us";

        // Ana writes first, by LID: WhatsApp does not know her number, so the chat goes by her LID.
        await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Oi, sou a Ana");
        var first = await ReceivedAsync(receiver, "Oi, sou a Ana");
        Assert.Equal((lid, lid), (first.Chat.GetProperty("remoteId").GetString(), first.Chat.GetProperty("lid").GetString()));
        var early = Assert.Single(await ChatsAsync(api, instance.Id));
        Assert.Equal((lid, lid), (early.RemoteId, early.Lid));

        // The integrator writes to her number: it reaches her, in a chat of its own while nothing ties the two ids.
        var sent = await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages", new { to = Customer, text = "Olá, Ana! Qual o seu pedido?" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var queued = (await sent.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!;
        await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("text").GetString() == "Olá, Ana! Qual o seu pedido?", "Ana receives the text sent to her number");
        await EngineBackedPortal.MessageStatusAsync(api, instance.Id, queued.Id, "delivered");

        // Her reply still comes by LID, but WhatsApp now knows her number: one chat, under the number, with the LID beside.
        await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Pedido 42");
        var reply = await ReceivedAsync(receiver, "Pedido 42");
        Assert.Equal((phone, lid), (reply.Chat.GetProperty("remoteId").GetString(), reply.Chat.GetProperty("lid").GetString()));
        Assert.Equal(phone, reply.Message.GetProperty("senderId").GetString());

        var chat = Assert.Single(await ChatsAsync(api, instance.Id));
        Assert.Equal((phone, lid, "Ana"), (chat.RemoteId, chat.Lid, chat.Name));
        Assert.Equal(chat.Id, reply.Message.GetProperty("chatId").GetGuid());
        foreach (var chatId in new[] { Customer, phone, lid })
        {
            var thread = (await api.GetFromJsonAsync<ChatsApi.MessageResponse[]>($"/api/v1/instances/{instance.Id}/chats/{chatId}/messages"))!;
            // As sets: WhatsApp's timestamps are whole seconds, so the reply may sort beside the send it answers.
            Assert.Equal(["Oi, sou a Ana", "Olá, Ana! Qual o seu pedido?", "Pedido 42"], thread.Select(m => m.Text).Order(StringComparer.Ordinal));
            Assert.All(thread, m => Assert.Equal(chat.Id, m.ChatId));
            // Her first message, stored under her LID, names her by number now too.
            Assert.All(thread.Where(m => m.Direction == "inbound"), m => Assert.Equal(phone, m.SenderId));
        }

        // A send to her LID goes to the same chat and reaches her as well.
        var byLid = await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages", new { to = lid, text = "Saiu para entrega" });
        Assert.Equal(HttpStatusCode.Accepted, byLid.StatusCode);
        var second = (await byLid.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!;
        await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("text").GetString() == "Saiu para entrega", "Ana receives the text sent to her LID");
        Assert.Equal(chat.Id, (await EngineBackedPortal.MessageStatusAsync(api, instance.Id, second.Id, "delivered")).ChatId);
        Assert.Single(await ChatsAsync(api, instance.Id));
    }

    private static async Task<ChatsApi.ChatResponse[]> ChatsAsync(HttpClient api, Guid instanceId) =>
        (await api.GetFromJsonAsync<ChatsApi.ChatResponse[]>($"/api/v1/instances/{instanceId}/chats"))!;

    private static async Task<(JsonElement Message, JsonElement Chat)> ReceivedAsync(WebhookReceiver receiver, string text)
    {
        JsonElement? found = null;
        await Eventually.TrueAsync(() =>
        {
            found = receiver.Requests
                .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data"))
                .Cast<JsonElement?>()
                .FirstOrDefault(d => d!.Value.GetProperty("message").GetProperty("text").GetString() == text);
            return Task.FromResult(found is not null);
        }, $"the webhook announces '{text}'");
        return (found!.Value.GetProperty("message"), found.Value.GetProperty("chat"));
    }
}
