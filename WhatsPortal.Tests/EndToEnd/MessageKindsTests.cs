using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Portal;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>
/// Locations, contact cards, polls (with votes), voice notes, stickers, video and audio, through the API, the engine in
/// real Chromium and the simulator's network, both ways; what arrives is stored, announced and shown in the thread.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MessageKindsTests
{
    private const string InstanceNumber = "5511900000021";
    private const string Customer = "5511977770021";
    private static readonly byte[] Ogg = "OggS\0\u0002voz"u8.ToArray();
    private static readonly byte[] Webp = "RIFF\u0024\0\0\0WEBPVP8 "u8.ToArray();
    private static readonly byte[] Mp4 = "\0\0\0\u0020ftypisom"u8.ToArray();
    private static readonly byte[] Mp3 = "ID3\u0004\0\0\0\0\0\0"u8.ToArray();
    // Messages arrive live only: the history import on connecting would race them.
    private static readonly KeyValuePair<string, string?> NoImport = new("Engine:ImportChatCount", "0");

    [Fact]
    public async Task Each_kind_sent_through_the_API_reaches_the_other_phone_as_WhatsApp_shows_it()
    {
        await using var world = await LinkedWorld.StartAsync("kinds-out", InstanceNumber, [NoImport]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Carla");
        var url = $"/api/v1/instances/{instance.Id}/messages";

        await SendAsync(api, url, new { to = Customer, location = new { latitude = -23.5613, longitude = -46.6565, name = "Loja Paulista", address = "Av. Paulista, 1000" } });
        await SendAsync(api, url, new { to = Customer, contact = new { name = "Suporte Acme", numbers = new[] { "+55 11 95555-4444", "5511933332222" } } });
        await SendAsync(api, url, new { to = Customer, poll = new { question = "Qual horário?", options = new[] { "Manhã", "Tarde", "Noite" }, multipleChoice = true } });
        await SendAsync(api, url, new { to = Customer, media = new { base64 = Convert.ToBase64String(Ogg), mimeType = "audio/ogg; codecs=opus", kind = "ptt" } });
        await SendAsync(api, url, new { to = Customer, media = new { base64 = Convert.ToBase64String(Webp), mimeType = "image/webp", kind = "sticker" } });
        await SendAsync(api, url, new { to = Customer, text = "Como chegar", media = new { base64 = Convert.ToBase64String(Mp4), mimeType = "video/mp4", fileName = "rota.mp4", kind = "video" } });
        await SendAsync(api, url, new { to = Customer, media = new { base64 = Convert.ToBase64String(Mp3), mimeType = "audio/mpeg", fileName = "jingle.mp3", kind = "audio" } });

        JsonElement[] seen = [];
        await Eventually.TrueAsync(async () => (seen = await simulator.MessagesAsync(Customer)).Length == 7, "the phone receives all seven");
        var place = seen.Single(m => m.GetProperty("type").GetString() == "location").GetProperty("content");
        Assert.Equal(-23.5613, place.GetProperty("lat").GetDouble());
        Assert.Equal(-46.6565, place.GetProperty("lng").GetDouble());
        Assert.Equal("Loja Paulista\nAv. Paulista, 1000", place.GetProperty("loc").GetString());
        // WhatsApp Web writes one vCard per number, under the card's name.
        var cards = seen.Single(m => m.GetProperty("type").GetString() == "multi_vcard").GetProperty("content").GetProperty("vcards").EnumerateArray().ToList();
        Assert.Equal(["Suporte Acme", "Suporte Acme"], cards.Select(c => c.GetProperty("displayName").GetString()));
        Assert.Contains("waid=5511955554444:", cards[0].GetProperty("vcard").GetString());
        Assert.Contains("waid=5511933332222:", cards[1].GetProperty("vcard").GetString());
        var poll = seen.Single(m => m.GetProperty("type").GetString() == "poll_creation").GetProperty("content");
        Assert.Equal("Qual horário?", poll.GetProperty("pollName").GetString());
        Assert.Equal(["Manhã", "Tarde", "Noite"], poll.GetProperty("pollOptions").EnumerateArray().Select(o => o.GetString()));
        Assert.Equal(0, poll.GetProperty("pollSelectableOptionsCount").GetInt32());
        Assert.Equal("audio/ogg; codecs=opus", seen.Single(m => m.GetProperty("type").GetString() == "ptt").GetProperty("mimetype").GetString());
        Assert.Equal("image/webp", seen.Single(m => m.GetProperty("type").GetString() == "sticker").GetProperty("mimetype").GetString());
        Assert.Equal("Como chegar", seen.Single(m => m.GetProperty("type").GetString() == "video").GetProperty("caption").GetString());
        Assert.Equal("jingle.mp3", seen.Single(m => m.GetProperty("type").GetString() == "audio").GetProperty("filename").GetString());

        // Every message is sent once, and the thread keeps what each carries.
        ChatsApi.MessageResponse[] thread = [];
        await Eventually.TrueAsync(async () =>
        {
            thread = (await api.GetFromJsonAsync<ChatsApi.MessageResponse[]>($"/api/v1/instances/{instance.Id}/chats/{Customer}/messages"))!;
            return thread.Length == 7 && thread.All(m => m.Status is "sent" or "delivered" or "read");
        }, "all seven are sent");
        Assert.Equal(new LocationContent(-23.5613, -46.6565, "Loja Paulista", "Av. Paulista, 1000"), thread.Single(m => m.Type == "location").Location);
        var card = Assert.Single(thread.Single(m => m.Type == "contact").Contact!.Cards);
        Assert.Equal("Suporte Acme", card.Name);
        Assert.Equal(["5511955554444", "5511933332222"], card.Numbers);
        Assert.Equal(["Manhã", "Tarde", "Noite"], thread.Single(m => m.Type == "poll").Poll!.Options.Select(o => o.Name));
        Assert.Equal(["audio", "sticker", "video", "voice_note"], thread.Where(m => m.Media is not null).Select(m => m.Type).Order());
    }

    [Fact]
    public async Task Kinds_a_contact_sends_are_stored_announced_and_shown_and_votes_count_live()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var world = await LinkedWorld.StartAsync("kinds-in", InstanceNumber, [new("Webhooks:AllowedHosts:0", "127.0.0.1"), NoImport]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        (await api.PutAsJsonAsync($"/api/v1/instances/{instance.Id}/webhook", new { url = receiver.Url.ToString(), events = new[] { "message.received", "poll.vote" } })).EnsureSuccessStatusCode();
        await simulator.CreatePhoneAsync(Customer, "Carla");

        await FromPhoneAsync(simulator, new { to = InstanceNumber, location = new { lat = -22.9519, lng = -43.2105, name = "Cristo Redentor" } });
        await FromPhoneAsync(simulator, new { to = InstanceNumber, contact = new { name = "Bruno <b>", numbers = new[] { "5521966665555" } } });
        await FromPhoneAsync(simulator, new { to = InstanceNumber, poll = new { name = "Entrega ou retirada?", options = new[] { "Entrega", "Retirada" } } });
        await FromPhoneAsync(simulator, new { to = InstanceNumber, media = new { data = Convert.ToBase64String(Ogg), mimetype = "audio/ogg; codecs=opus", type = "ptt" } });
        await FromPhoneAsync(simulator, new { to = InstanceNumber, media = new { data = Convert.ToBase64String(Webp), mimetype = "image/webp", type = "sticker" } });
        await FromPhoneAsync(simulator, new { to = InstanceNumber, text = "o vídeo", media = new { data = Convert.ToBase64String(Mp4), mimetype = "video/mp4", filename = "v.mp4" } });
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count >= 6), "the webhook hears of all six");

        var announced = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("message")).ToList();
        var place = announced.Single(m => m.GetProperty("type").GetString() == "location");
        Assert.Equal("Cristo Redentor", place.GetProperty("location").GetProperty("name").GetString());
        Assert.Equal(-43.2105, place.GetProperty("location").GetProperty("longitude").GetDouble());
        var contact = announced.Single(m => m.GetProperty("type").GetString() == "contact").GetProperty("contact").GetProperty("cards")[0];
        Assert.Equal("Bruno <b>", contact.GetProperty("name").GetString());
        Assert.Equal("5521966665555", contact.GetProperty("numbers")[0].GetString());
        var poll = announced.Single(m => m.GetProperty("type").GetString() == "poll");
        Assert.False(poll.GetProperty("poll").GetProperty("multipleChoice").GetBoolean());
        Assert.Equal(["sticker", "video", "voice_note"], announced.Where(m => m.GetProperty("media").ValueKind == JsonValueKind.Object).Select(m => m.GetProperty("type").GetString()).Order());

        // The instance asks a poll; the contact votes, then changes their mind: the counts follow, announced as poll.vote.
        var asked = await SendAsync(api, $"/api/v1/instances/{instance.Id}/messages", new { to = Customer, poll = new { question = "Nota?", options = new[] { "1", "2", "3" } } });
        string? pollOnPhone = null;
        await Eventually.TrueAsync(async () =>
            (pollOnPhone = (await simulator.MessagesAsync(Customer)).FirstOrDefault(m => m.GetProperty("type").GetString() == "poll_creation" && m.GetProperty("direction").GetString() == "received") is { ValueKind: JsonValueKind.Object } p ? p.GetProperty("id").GetString() : null) is not null,
            "the phone has the poll");
        (await simulator.Api.PostAsJsonAsync($"phones/{Customer}/votes", new { messageId = pollOnPhone, options = new[] { 2 } })).EnsureSuccessStatusCode();
        (await simulator.Api.PostAsJsonAsync($"phones/{Customer}/votes", new { messageId = pollOnPhone, options = new[] { 0 } })).EnsureSuccessStatusCode();
        await Eventually.TrueAsync(() => Task.FromResult(Votes(receiver).Count >= 2), "both votes are announced");
        var last = Votes(receiver)[^1];
        Assert.Equal(asked, last.GetProperty("messageId").GetGuid());
        Assert.Equal($"{Customer}@c.us", last.GetProperty("voter").GetString());
        Assert.Equal([0], last.GetProperty("selectedOptions").EnumerateArray().Select(o => o.GetInt32()));
        Assert.Equal([1, 0, 0], last.GetProperty("poll").GetProperty("options").EnumerateArray().Select(o => o.GetProperty("votes").GetInt32()));
        var stored = await api.GetFromJsonAsync<ChatsApi.MessageResponse[]>($"/api/v1/instances/{instance.Id}/chats/{Customer}/messages");
        Assert.Equal([1, 0, 0], stored!.Single(m => m.Id == asked).Poll!.Options.Select(o => o.Votes));

        // The thread shows a map link (no map), the card with its action, the counts, and players for sound and video.
        var email = await PortalUsers.CreateUserAsync(world.Portal, world.TenantId, Roles.Owner);
        using var browser = await PortalUsers.LogInAsync(world.Portal, email);
        var page = await PortalUsers.GetPageAsync(browser, $"/instances/{instance.Id}/chats/{stored!.First().ChatId}");
        var map = page.QuerySelector($"[data-message='{place.GetProperty("id").GetGuid()}'] a.msg-map-link");
        Assert.StartsWith("https://www.openstreetmap.org/?mlat=-22.9519&mlon=-43.2105", map!.GetAttribute("href"));
        Assert.Equal("Bruno <b>", page.QuerySelector(".msg-contact-name")!.TextContent);
        Assert.NotNull(page.QuerySelector("[data-message-contact='5521966665555']"));
        Assert.Equal("1", page.QuerySelector($"[data-poll='{asked}'] [data-option='0']")!.GetAttribute("data-votes"));
        Assert.NotNull(page.QuerySelector("audio.msg-audio[data-kind='voice_note']"));
        Assert.NotNull(page.QuerySelector("img.msg-sticker"));
        Assert.NotNull(page.QuerySelector("video.msg-video"));
    }

    [Fact]
    public async Task A_request_a_kind_cannot_carry_is_refused_naming_the_field_and_nothing_is_queued()
    {
        await using var world = await LinkedWorld.StartAsync("kinds-refused", InstanceNumber, [NoImport]);
        var (api, instance) = (world.Api, world.Instance);
        var url = $"/api/v1/instances/{instance.Id}/messages";
        var ogg = Convert.ToBase64String(Ogg);
        (object Body, string Field)[] refused =
        [
            (new { to = Customer, location = new { latitude = 91.0, longitude = 0.0 } }, "location.latitude"),
            (new { to = Customer, location = new { latitude = 0.0 } }, "location.longitude"),
            (new { to = Customer, text = "oi", location = new { latitude = 1.0, longitude = 1.0 } }, "text"),
            (new { to = Customer, contact = new { name = "Ana", numbers = Array.Empty<string>() } }, "contact.numbers"),
            (new { to = Customer, contact = new { name = " ", numbers = new[] { "5511955554444" } } }, "contact.name"),
            (new { to = Customer, contact = new { name = "Ana", numbers = new[] { "5511955554444", "+55 11 95555-4444" } } }, "contact.numbers[1]"),
            (new { to = Customer, poll = new { question = "Sim?", options = new[] { "Sim" } } }, "poll.options"),
            (new { to = Customer, poll = new { question = "Sim?", options = Enumerable.Range(1, 13).Select(i => $"{i}").ToArray() } }, "poll.options"),
            (new { to = Customer, poll = new { question = "Sim?", options = new[] { "Sim", " sim " } } }, "poll.options[1]"),
            (new { to = Customer, media = new { base64 = ogg, mimeType = "audio/mpeg", kind = "ptt" } }, "media.mimeType"),
            (new { to = Customer, text = "legenda", media = new { base64 = ogg, mimeType = "audio/ogg", kind = "ptt" } }, "text"),
            (new { to = Customer, media = new { base64 = ogg, mimeType = "image/png", kind = "sticker" } }, "media.mimeType"),
            (new { to = Customer, media = new { base64 = ogg, mimeType = "audio/ogg", kind = "voice" } }, "media.kind"),
            (new { to = Customer, media = new { base64 = ogg, mimeType = "audio/ogg" }, poll = new { question = "Sim?", options = new[] { "a", "b" } } }, "poll"),
        ];
        foreach (var (body, field) in refused)
        {
            var problem = await (await api.PostAsJsonAsync(url, body)).AssertValidationProblemAsync();
            Assert.True(problem.Errors.ContainsKey(field), $"{JsonSerializer.Serialize(body)} should be refused on {field}, not {string.Join(", ", problem.Errors.Keys)}.");
        }
        using var chats = await api.GetAsync($"/api/v1/instances/{instance.Id}/chats");
        Assert.Empty((await chats.Content.ReadFromJsonAsync<JsonElement[]>())!);
    }

    private static async Task<Guid> SendAsync(HttpClient api, string url, object body)
    {
        using var response = await api.PostAsJsonAsync(url, body);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!.Id;
    }

    private static async Task FromPhoneAsync(SimulatorServer simulator, object body)
    {
        using var sent = await simulator.Api.PostAsJsonAsync($"phones/{Customer}/messages", body);
        Assert.True(sent.StatusCode == HttpStatusCode.Created, await sent.Content.ReadAsStringAsync());
    }

    private static List<JsonElement> Votes(WebhookReceiver receiver) =>
        receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement).Where(e => e.GetProperty("type").GetString() == "poll.vote")
            .Select(e => e.GetProperty("data")).ToList();
}
