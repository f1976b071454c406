using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using WhatsPortal.Simulator;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Simulator;

/// <summary>
/// The standalone simulator with <c>--data</c> keeps its network in files across restarts; pages are played by a raw
/// WebSocket speaking the page's protocol (hello, linked, authenticated), so no browser is needed.
/// </summary>
public sealed class KeptNetworkTests
{
    private const string Business = "5511900000081";
    private const string Customer = "5511988880081";
    private static readonly byte[] Picture = [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3];

    [Fact]
    public async Task Started_with_data_the_simulator_keeps_phones_histories_and_linked_devices_with_their_queued_events()
    {
        using var data = new TestDirectory();
        string token, pictureId;
        await using (var first = await StandaloneAsync(data.Path))
        {
            await first.CreatePhoneAsync(Business, "Sales");
            await first.CreatePhoneAsync(Customer, "Ana");
            token = await LinkPageThatGoesAwayAsync(first, Business);
            // The page is away: this waits in its device's queue.
            await first.SendFromPhoneAsync(Customer, Business, "while the page was away");
            using var sent = await first.Api.PostAsJsonAsync($"phones/{Customer}/messages",
                new { to = Business, text = "a picture", media = new { data = Convert.ToBase64String(Picture), mimetype = "image/png", filename = "a.png" } });
            Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
            pictureId = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        await using var second = await StandaloneAsync(data.Path);
        var phone = await second.GetJsonAsync($"phones/{Business}");
        Assert.Equal(1, phone.GetProperty("devices").GetArrayLength());
        var history = await second.MessagesAsync(Customer);
        Assert.Equal("delivered", Assert.Single(history, m => m.GetProperty("text").GetString() == "while the page was away").GetProperty("status").GetString());
        Assert.Equal(Picture, await second.Api.GetByteArrayAsync($"phones/{Customer}/messages/{pictureId}/media"));

        await using var back = await RawPage.OpenAsync(second, token);
        Assert.Equal($"{Business}@c.us", (await back.NextAsync("authenticated")).GetProperty("me").GetString());
        Assert.Equal("while the page was away", (await back.NextAsync("new_message")).GetProperty("message").GetProperty("body").GetString());
        Assert.Equal("a picture", (await back.NextAsync("new_message")).GetProperty("message").GetProperty("caption").GetString());
        await second.SendFromPhoneAsync(Customer, Business, "after the restart");
        Assert.Equal("after the restart", (await back.NextAsync("new_message")).GetProperty("message").GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_blocked_contact_a_profile_picture_and_a_phones_LID_survive_a_restart()
    {
        using var data = new TestDirectory();
        string token;
        await using (var first = await StandaloneAsync(data.Path))
        {
            await first.CreatePhoneAsync(Business, "Sales");
            await first.CreatePhoneAsync(Customer, "Ana");
            token = await LinkPageThatGoesAwayAsync(first, Business);
            await using (var page = await RawPage.OpenAsync(first, token))
            {
                await page.NextAsync("authenticated");
                Assert.True((await page.RequestAsync("blockContact", new { chatId = $"{Customer}@c.us" })).GetProperty("isBlocked").GetBoolean());
            }
            using var picture = await first.Api.PutAsJsonAsync($"phones/{Customer}/picture", new { data = Convert.ToBase64String(Picture), mimetype = "image/png" });
            Assert.Equal(HttpStatusCode.NoContent, picture.StatusCode);
        }

        await using var second = await StandaloneAsync(data.Path);
        Assert.Equal(Picture, await second.Api.GetByteArrayAsync($"phones/{Customer}/picture"));
        var lid = (await second.GetJsonAsync($"phones/{Customer}")).GetProperty("lid").GetString();
        await using var back = await RawPage.OpenAsync(second, token);
        Assert.Equal([$"{Customer}@c.us"], (await back.NextAsync("authenticated")).GetProperty("blocked").EnumerateArray().Select(b => b.GetString()));
        Assert.Equal($"phones/{Customer}/picture?v=1", (await back.RequestAsync("profilePicturePath", new { id = $"{Customer}@c.us" })).GetString());
        Assert.Equal($"{Customer}@c.us", (await back.RequestAsync("queryExists", new { id = lid })).GetProperty("wid").GetString());
        await second.SendFromPhoneAsync(Customer, Business, "from a blocked contact");
        Assert.DoesNotContain(await second.MessagesAsync(Business), m => m.GetProperty("text").GetString() == "from a blocked contact");
    }

    [Fact]
    public async Task Chat_marks_show_on_the_phone_page_survive_a_restart_and_a_received_message_unarchives_the_chat()
    {
        using var data = new TestDirectory();
        await using (var first = await StandaloneAsync(data.Path))
        {
            await first.CreatePhoneAsync(Business, "Sales");
            await first.CreatePhoneAsync(Customer, "Ana");
            var token = await LinkPageThatGoesAwayAsync(first, Business);
            await first.SendFromPhoneAsync(Customer, Business, "Oi");
            await using var page = await RawPage.OpenAsync(first, token);
            await page.NextAsync("authenticated");
            Assert.True((await page.RequestAsync("archive", new { chatId = $"{Customer}@c.us" })).GetProperty("archive").GetBoolean());
            Assert.Equal($"{Customer}@c.us", (await page.RequestAsync("markIsRead", new { chatId = $"{Customer}@c.us" })).GetProperty("wid").GetString());
            await page.RequestAsync("markIsUnread", new { chatId = $"{Customer}@c.us" });
            var listed = Assert.Single((await page.RequestAsync("listChats", new { onlyArchived = true })).EnumerateArray());
            Assert.Equal((-1, true), (listed.GetProperty("unreadCount").GetInt32(), listed.GetProperty("archive").GetBoolean()));
        }

        await using var second = await StandaloneAsync(data.Path);
        var panel = await second.Api.GetStringAsync($"phone/panel?number={Business}");
        Assert.Contains("· archived · marked unread", panel);
        var chat = Assert.Single((await second.GetJsonAsync($"phones/{Business}/chats")).EnumerateArray());
        Assert.Equal((Customer, 0, true, true), (chat.GetProperty("with").GetString(), chat.GetProperty("unreadCount").GetInt32(),
            chat.GetProperty("markedUnread").GetBoolean(), chat.GetProperty("archived").GetBoolean()));

        await second.SendFromPhoneAsync(Customer, Business, "Ainda está aí?");
        chat = Assert.Single((await second.GetJsonAsync($"phones/{Business}/chats")).EnumerateArray());
        Assert.Equal((1, false, false), (chat.GetProperty("unreadCount").GetInt32(), chat.GetProperty("markedUnread").GetBoolean(), chat.GetProperty("archived").GetBoolean()));
    }

    [Fact]
    public async Task Replies_reactions_and_edits_are_kept_across_a_restart()
    {
        using var data = new TestDirectory();
        string asked, reply;
        await using (var first = await StandaloneAsync(data.Path))
        {
            await first.CreatePhoneAsync(Business, "Sales");
            await first.CreatePhoneAsync(Customer, "Ana");
            asked = await first.SendFromPhoneAsync(Customer, Business, "Quero um orçamento");
            using var replied = await first.Api.PostAsJsonAsync($"phones/{Business}/messages", new { to = Customer, text = "Segue", quotedId = asked });
            reply = (await replied.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            await first.PostAsync($"phones/{Customer}/messages/{reply}/reaction", new { emoji = "👍" });
            await first.PostAsync($"phones/{Business}/messages/{reply}/edit", new { text = "Segue o orçamento" });
        }

        await using var second = await StandaloneAsync(data.Path);
        var kept = Assert.Single(await second.MessagesAsync(Customer), m => m.GetProperty("id").GetString() == reply);
        Assert.Equal(asked, kept.GetProperty("quotedId").GetString());
        Assert.Equal("Segue o orçamento", kept.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.String, kept.GetProperty("editedAt").ValueKind);
        Assert.Equal("👍", kept.GetProperty("reactions").GetProperty(Customer).GetString());
    }

    [Fact]
    public async Task Locations_contact_cards_polls_and_their_votes_are_kept_and_a_kept_device_hears_of_a_vote_made_while_it_was_away()
    {
        using var data = new TestDirectory();
        string token, pollId;
        await using (var first = await StandaloneAsync(data.Path))
        {
            await first.CreatePhoneAsync(Business, "Sales");
            await first.CreatePhoneAsync(Customer, "Ana");
            token = await LinkPageThatGoesAwayAsync(first, Business);
            (await first.Api.PostAsJsonAsync($"phones/{Customer}/messages", new { to = Business, location = new { lat = -23.5, lng = -46.6, name = "Loja" } })).EnsureSuccessStatusCode();
            (await first.Api.PostAsJsonAsync($"phones/{Customer}/messages", new { to = Business, contact = new { name = "Bruno", numbers = new[] { "5521966665555" } } })).EnsureSuccessStatusCode();
            using var asked = await first.Api.PostAsJsonAsync($"phones/{Business}/messages", new { to = Customer, poll = new { name = "Nota?", options = new[] { "1", "2" } } });
            pollId = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            (await first.Api.PostAsJsonAsync($"phones/{Customer}/votes", new { messageId = pollId, options = new[] { 1 } })).EnsureSuccessStatusCode();
        }

        await using var second = await StandaloneAsync(data.Path);
        var history = await second.MessagesAsync(Business);
        Assert.Equal("Loja", history.Single(m => m.GetProperty("type").GetString() == "location").GetProperty("content").GetProperty("loc").GetString());
        Assert.Contains("waid=5521966665555", history.Single(m => m.GetProperty("type").GetString() == "vcard").GetProperty("content").GetProperty("vcards")[0].GetProperty("vcard").GetString());
        var poll = history.Single(m => m.GetProperty("id").GetString() == pollId);
        Assert.Equal([1], poll.GetProperty("votes").GetProperty(Customer).EnumerateArray().Select(o => o.GetInt32()));
        // A vote on a kept poll still counts: the voter changes their mind after the restart.
        (await second.Api.PostAsJsonAsync($"phones/{Customer}/votes", new { messageId = pollId, options = new[] { 0 } })).EnsureSuccessStatusCode();

        await using var back = await RawPage.OpenAsync(second, token);
        await back.NextAsync("authenticated");
        var vote = await back.NextAsync("poll_response");
        Assert.Equal(pollId, vote.GetProperty("msgId").GetProperty("id").GetString());
        Assert.Equal("2", vote.GetProperty("selectedOptions")[0].GetProperty("name").GetString());
        Assert.Equal("1", (await back.NextAsync("poll_response")).GetProperty("selectedOptions")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Groups_are_kept_with_their_admins_subject_and_messages_and_only_admins_change_them_after_the_restart()
    {
        using var data = new TestDirectory();
        string groupId;
        await using (var first = await StandaloneAsync(data.Path))
        {
            await first.CreatePhoneAsync(Business, "Sales");
            await first.CreatePhoneAsync(Customer, "Ana");
            using var created = await first.Api.PostAsJsonAsync($"phones/{Business}/groups", new { subject = "Entregas", participants = new[] { Customer, "5511900000089" } });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var answer = await created.Content.ReadFromJsonAsync<JsonElement>();
            groupId = answer.GetProperty("gid").GetString()!;
            Assert.Equal(404, answer.GetProperty("participants").GetProperty("5511900000089@c.us").GetProperty("code").GetInt32());
            await first.SendFromPhoneAsync(Customer, groupId, "Oi, grupo");
        }

        await using var second = await StandaloneAsync(data.Path);
        var group = Assert.Single((await second.GetJsonAsync($"phones/{Customer}/groups")).EnumerateArray());
        Assert.Equal((groupId, "Entregas"), (group.GetProperty("id").GetString(), group.GetProperty("subject").GetString()));
        Assert.Equal([(Business, true), (Customer, false)],
            group.GetProperty("participants").EnumerateArray().Select(p => (p.GetProperty("number").GetString(), p.GetProperty("admin").GetBoolean())));
        var received = Assert.Single(await second.MessagesAsync(Business));
        Assert.Equal((Customer, groupId, "received"), (received.GetProperty("from").GetString(), received.GetProperty("to").GetString(), received.GetProperty("direction").GetString()));

        using var refused = await second.Api.PutAsJsonAsync($"phones/{Customer}/groups/{groupId}/subject", new { value = "Meu grupo" });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var renamed = await second.Api.PutAsJsonAsync($"phones/{Business}/groups/{groupId}/subject", new { value = "Entregas de sábado" });
        Assert.Equal(HttpStatusCode.NoContent, renamed.StatusCode);
        Assert.Equal("Entregas de sábado", (await second.GetJsonAsync($"phones/{Customer}/groups"))[0].GetProperty("subject").GetString());
    }

    [Fact]
    public async Task Unlinking_all_devices_is_kept_so_a_page_coming_back_with_old_credentials_is_logged_out()
    {
        using var data = new TestDirectory();
        string token;
        await using (var first = await StandaloneAsync(data.Path))
        {
            await first.CreatePhoneAsync(Business, "Sales");
            token = await LinkPageThatGoesAwayAsync(first, Business);
            await first.PostAsync($"phones/{Business}/unlink-all");
        }

        await using var second = await StandaloneAsync(data.Path);
        Assert.Equal(0, (await second.GetJsonAsync($"phones/{Business}")).GetProperty("devices").GetArrayLength());
        await using var back = await RawPage.OpenAsync(second, token);
        Assert.Equal("unknown_companion", (await back.NextAsync("logout")).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task An_unreadable_kept_network_is_moved_aside_and_named_in_the_log_and_the_simulator_starts_empty()
    {
        using var data = new TestDirectory();
        var file = Path.Combine(data.Path, "network.json");
        await File.WriteAllTextAsync(file, """{"phones":[{"number":"5511900000081","name":"Sales","online":true,"lastDeviceId":0,"devices":[]}],"messages":[{"id":"3EB0AA","from":"5511900000081","to":"5511988880081","type":"chat","text":"hi","timestamp":"2026-11-26T09:00:00Z","ack":1,"revoked":false,"media":null}]}""");

        await using var simulator = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["Simulator:DataDirectory"] = data.Path }, captureLogs: true);

        var error = Assert.Single(simulator.Logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains(file, error.Message);
        Assert.Contains("message 3EB0AA is from 5511900000081 to 5511988880081, and one of them is not among the phones", error.Message);
        var aside = Assert.Single(Directory.GetFiles(data.Path, "network.json.unreadable-*"));
        Assert.Contains(aside, error.Message);
        Assert.Empty((await simulator.GetJsonAsync("phones")).EnumerateArray());
        Assert.False(File.Exists(file));

        await simulator.CreatePhoneAsync(Customer, "Ana");
        Assert.Contains(Customer, await File.ReadAllTextAsync(file));
    }

    [Fact]
    public async Task A_kept_network_that_is_not_json_says_where_the_file_breaks()
    {
        using var data = new TestDirectory();
        await File.WriteAllTextAsync(Path.Combine(data.Path, "network.json"), """{"phones":[{"number":"55119""");

        await using var simulator = await SimulatorServer.StartAsync(new Dictionary<string, string?> { ["Simulator:DataDirectory"] = data.Path }, captureLogs: true);

        var error = Assert.Single(simulator.Logs.GetSnapshot(), r => r.Level == LogLevel.Error);
        Assert.Contains("LineNumber: 0 | BytePositionInLine:", error.Message);
        Assert.Empty((await simulator.GetJsonAsync("phones")).EnumerateArray());
    }

    /// <summary>A page linked to <paramref name="number"/> by its QR, then closed (the device stays linked); returns its credentials' token.</summary>
    private static async Task<string> LinkPageThatGoesAwayAsync(SimulatorServer simulator, string number)
    {
        string token;
        await using (var page = await RawPage.OpenAsync(simulator, credentials: null))
        {
            string? code = null;
            await Eventually.TrueAsync(async () =>
            {
                code = (await simulator.GetJsonAsync("qr-sessions")).EnumerateArray().Select(s => s.GetProperty("code").GetString()).FirstOrDefault();
                return code is not null;
            }, "the page to show a QR");
            using (var linked = await simulator.LinkAsync(number, code!)) linked.EnsureSuccessStatusCode();
            token = (await page.NextAsync("linked")).GetProperty("credentials").GetProperty("token").GetString()!;
        }
        await Eventually.TrueAsync(async () => !(await simulator.GetJsonAsync($"phones/{number}")).GetProperty("devices")[0].GetProperty("connected").GetBoolean(),
            "the network to see the page go away");
        return token;
    }

    /// <summary>The standalone simulator as its Main builds it, with <c>--data</c>, on a free port.</summary>
    private static async Task<SimulatorServer> StandaloneAsync(string data)
    {
        var app = SimulatorProgram.Build(["--urls", "http://127.0.0.1:0", "--data", data, "--Logging:LogLevel:Default", "Warning"]);
        return await SimulatorServer.StartAsync(app, "/sandbox");
    }

    /// <summary>A page played over a raw WebSocket: it says hello (with credentials or none) and collects what the network sends.</summary>
    private sealed class RawPage : IAsyncDisposable
    {
        private readonly ClientWebSocket _socket = new();
        private int _requests;

        public static async Task<RawPage> OpenAsync(SimulatorServer simulator, string? credentials)
        {
            var page = new RawPage();
            var address = new UriBuilder(new Uri(simulator.SimulatorAddress, "ws")) { Scheme = "ws" }.Uri;
            await page._socket.ConnectAsync(address, CancellationToken.None);
            var hello = JsonSerializer.SerializeToUtf8Bytes(new { type = "hello", credentials = credentials is null ? null : new { token = credentials } });
            await page._socket.SendAsync(hello, WebSocketMessageType.Text, true, CancellationToken.None);
            return page;
        }

        /// <summary>A WPP call as the page makes it; the result, or the test fails with the network's refusal.</summary>
        public async Task<JsonElement> RequestAsync(string op, object args)
        {
            var request = JsonSerializer.SerializeToUtf8Bytes(new { type = "req", id = ++_requests, op, args });
            await _socket.SendAsync(request, WebSocketMessageType.Text, true, CancellationToken.None);
            var answer = await NextAsync("res");
            Assert.True(answer.GetProperty("ok").GetBoolean(), $"{op} was refused: {answer}");
            return answer.GetProperty("result");
        }

        /// <summary>The next message of <paramref name="type"/>, skipping others (QR refs, acks).</summary>
        public async Task<JsonElement> NextAsync(string type)
        {
            using var timeout = new CancellationTokenSource(Eventually.DefaultTimeout);
            var buffer = new byte[1 << 16];
            while (true)
            {
                using var message = new MemoryStream();
                WebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer, timeout.Token);
                    Assert.NotEqual(WebSocketMessageType.Close, result.MessageType);
                    message.Write(buffer, 0, result.Count);
                } while (!result.EndOfMessage);
                var json = JsonDocument.Parse(message.ToArray()).RootElement;
                if (json.GetProperty("type").GetString() == type) return json;
            }
        }

        public async ValueTask DisposeAsync()
        {
            try
            {
                if (_socket.State == WebSocketState.Open)
                    await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "page closed", CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // The network may end the connection without answering the close; the page is gone either way.
            }
            _socket.Dispose();
        }
    }
}
