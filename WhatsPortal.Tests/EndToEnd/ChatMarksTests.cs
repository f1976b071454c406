using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// Reading, marking unread and archiving a chat through the API, the engine in real Chromium and the simulator, whose
/// phone (the instance's number) shows the same marks; a message received in an archived chat brings it back.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class ChatMarksTests
{
    private const string InstanceNumber = "5511900000012";
    private const string Customer = "5511988887777";

    [Fact]
    public async Task Marks_reach_the_phone_and_the_webhook_and_a_received_message_unarchives_the_chat()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var world = await LinkedWorld.StartAsync("chat-marks", InstanceNumber, [new("Webhooks:AllowedHosts:0", "127.0.0.1")]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");
        (await api.PutAsJsonAsync($"/api/v1/instances/{instance.Id}/webhook", new { url = receiver.Url.ToString(), events = new[] { "chat.updated" } })).EnsureSuccessStatusCode();
        var chats = $"/api/v1/instances/{instance.Id}/chats";
        var first = await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Oi");
        await Eventually.TrueAsync(async () => (await api.GetFromJsonAsync<ChatsApi.ChatResponse[]>(chats))!.Any(c => c.UnreadCount == 1), "the message arrives unread");

        var read = await MarkAsync(api, HttpMethod.Delete, $"{chats}/{Customer}/unread");
        Assert.Equal((0, false), (read.UnreadCount, read.MarkedUnread));
        Assert.Equal("read", (await simulator.MessagesAsync(Customer)).Single(m => m.GetProperty("id").GetString() == first).GetProperty("status").GetString());

        var unread = await MarkAsync(api, HttpMethod.Put, $"{chats}/{Customer}/unread");
        Assert.Equal((0, true), (unread.UnreadCount, unread.MarkedUnread));
        Assert.True((await PhoneChatAsync(simulator)).GetProperty("markedUnread").GetBoolean());

        var archived = await MarkAsync(api, HttpMethod.Put, $"{chats}/{Customer}/archive");
        Assert.True(archived.Archived);
        Assert.True((await PhoneChatAsync(simulator)).GetProperty("archived").GetBoolean());
        Assert.Equal(archived.Id, Assert.Single((await api.GetFromJsonAsync<ChatsApi.ChatResponse[]>($"{chats}?archived=true"))!).Id);
        Assert.Empty((await api.GetFromJsonAsync<ChatsApi.ChatResponse[]>($"{chats}?archived=false"))!);
        // Archiving twice is what was asked already: WhatsApp's refusal of it is not the caller's problem.
        Assert.True((await MarkAsync(api, HttpMethod.Put, $"{chats}/{Customer}/archive")).Archived);
        await Eventually.TrueAsync(() => Task.FromResult(Updates(receiver).Any(d => d.GetProperty("archived").GetBoolean())), "the webhook hears of the archiving");
        var update = Updates(receiver).First(d => d.GetProperty("archived").GetBoolean());
        Assert.Equal($"{Customer}@c.us", update.GetProperty("remoteId").GetString());
        Assert.Equal(archived.Id, update.GetProperty("id").GetGuid());

        await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Ainda está aí?");
        Assert.False((await PhoneChatAsync(simulator)).GetProperty("archived").GetBoolean());
        ChatsApi.ChatResponse[] inbox = [];
        await Eventually.TrueAsync(async () => (inbox = (await api.GetFromJsonAsync<ChatsApi.ChatResponse[]>($"{chats}?archived=false"))!).Length == 1,
            "the message brings the chat back from the archive");
        Assert.Equal((1, false, false), (inbox[0].UnreadCount, inbox[0].MarkedUnread, inbox[0].Archived));
        await Eventually.TrueAsync(() => Task.FromResult(Updates(receiver).Count(d => !d.GetProperty("archived").GetBoolean()) >= 3),
            "the webhook hears of the read, the unread mark and the unarchiving");
    }

    [Fact]
    public async Task Another_tenant_cannot_mark_the_chat_and_an_unknown_chat_is_not_found()
    {
        await using var world = await LinkedWorld.StartAsync("chat-marks-refusals", InstanceNumber);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");
        await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Oi");
        var chats = $"/api/v1/instances/{instance.Id}/chats";
        await Eventually.TrueAsync(async () => (await api.GetFromJsonAsync<ChatsApi.ChatResponse[]>(chats))!.Length == 1, "the chat exists");

        var (_, otherKey) = await world.Portal.CreateTenantWithKeyAsync();
        using var other = world.Portal.ApiClient(otherKey);
        await (await other.PutAsync($"{chats}/{Customer}/archive", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await api.PutAsync($"{chats}/5511977776666/archive", null)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.False((await PhoneChatAsync(simulator)).GetProperty("archived").GetBoolean());
    }

    private static async Task<ChatsApi.ChatResponse> MarkAsync(HttpClient api, HttpMethod method, string url)
    {
        using var response = await api.SendAsync(new HttpRequestMessage(method, url));
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{method} {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ChatsApi.ChatResponse>())!;
    }

    /// <summary>The customer's chat as the instance's own phone shows it.</summary>
    private static async Task<JsonElement> PhoneChatAsync(SimulatorServer simulator) =>
        (await simulator.GetJsonAsync($"phones/{InstanceNumber}/chats")).EnumerateArray().Single(c => c.GetProperty("with").GetString() == Customer);

    private static List<JsonElement> Updates(WebhookReceiver receiver) =>
        [.. receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).Where(e => e.GetProperty("type").GetString() == "chat.updated").Select(e => e.GetProperty("data"))];
}
