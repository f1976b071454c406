using System.Text.Json;

namespace WhatsPortal.Tests.Simulator;

[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MessagingTests
{
    private const string Instance = "5511911110000";
    private const string Customer = "5511988887777";

    [Fact]
    public async Task A_text_sent_from_the_page_reaches_the_phone_and_its_acks_go_up_to_read()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana");
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);

        var sent = await page.EvaluateAsync<JsonElement>(
            $"() => WPP.chat.sendTextMessage('{Customer}@c.us', 'Hello Ana', {{ createChat: true }})");
        var id = sent.GetProperty("id").GetString()!;
        Assert.StartsWith($"true_{Customer}@c.us_", id);
        Assert.Equal(1, sent.GetProperty("ack").GetInt32());

        var own = await SimulatorBrowser.WaitForEventAsync(page, "chat.new_message", m => m.GetProperty("id").GetProperty("_serialized").GetString() == id);
        Assert.True(own.Single().GetProperty("id").GetProperty("fromMe").GetBoolean());

        var received = (await server.MessagesAsync(Customer)).Single();
        Assert.Equal("received", received.GetProperty("direction").GetString());
        Assert.Equal("Hello Ana", received.GetProperty("text").GetString());
        Assert.Equal(Instance, received.GetProperty("from").GetString());
        Assert.Equal(id.Split('_')[^1], received.GetProperty("id").GetString());
        Assert.Equal("delivered", received.GetProperty("status").GetString());
        await SimulatorBrowser.WaitForEventAsync(page, "chat.msg_ack_change", a => a.GetProperty("ack").GetInt32() == 2);

        await server.PostAsync($"phones/{Customer}/read", new { messageId = received.GetProperty("id").GetString() });

        var acks = await SimulatorBrowser.WaitForEventAsync(page, "chat.msg_ack_change", a => a.GetProperty("ack").GetInt32() == 3);
        var read = acks.Single(a => a.GetProperty("ack").GetInt32() == 3);
        Assert.Equal($"{Customer}@c.us", read.GetProperty("chat").GetProperty("_serialized").GetString());
        Assert.Equal(id, read.GetProperty("ids")[0].GetProperty("_serialized").GetString());
        Assert.Equal(3, (await server.MessagesAsync(Instance)).Single().GetProperty("ack").GetInt32());

        var history = await page.EvaluateAsync<JsonElement>($"() => WPP.chat.getMessages('{Customer}@c.us', {{ count: -1 }})");
        Assert.Equal(3, history.EnumerateArray().Single().GetProperty("ack").GetInt32());
    }

    [Fact]
    public async Task A_file_sent_from_the_page_arrives_as_media_with_its_caption()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana");
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);
        var content = "data:application/pdf;base64," + Convert.ToBase64String("%PDF-1.4 tiny"u8.ToArray());

        var sent = await page.EvaluateAsync<JsonElement>(
            "([to, content]) => WPP.chat.sendFileMessage(to, content, { type: 'document', caption: 'Your invoice', filename: 'invoice.pdf' })",
            new object[] { $"{Customer}@c.us", content });

        var media = (await server.MessagesAsync(Customer)).Single();
        Assert.Equal(sent.GetProperty("id").GetString()!.Split('_')[^1], media.GetProperty("id").GetString());
        Assert.Equal("document", media.GetProperty("type").GetString());
        Assert.Equal("application/pdf", media.GetProperty("mimetype").GetString());
        Assert.Equal("invoice.pdf", media.GetProperty("filename").GetString());
        Assert.Equal("Your invoice", media.GetProperty("caption").GetString());
        Assert.Equal(13, media.GetProperty("size").GetInt32());
        var bytes = await server.Api.GetByteArrayAsync($"phones/{Customer}/messages/{media.GetProperty("id").GetString()}/media");
        Assert.Equal("%PDF-1.4 tiny"u8.ToArray(), bytes);
    }

    [Fact]
    public async Task A_phone_message_reaches_the_page_and_reading_the_chat_acks_it_read()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana");
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);

        var id = await server.SendFromPhoneAsync(Customer, Instance, "Is my order on its way?");

        var incoming = (await SimulatorBrowser.WaitForEventAsync(page, "chat.new_message")).Single();
        Assert.Equal("Is my order on its way?", incoming.GetProperty("body").GetString());
        Assert.Equal("chat", incoming.GetProperty("type").GetString());
        Assert.Equal($"{Customer}@c.us", incoming.GetProperty("from").GetProperty("_serialized").GetString());
        Assert.Equal($"{Instance}@c.us", incoming.GetProperty("to").GetProperty("_serialized").GetString());
        Assert.False(incoming.GetProperty("id").GetProperty("fromMe").GetBoolean());
        Assert.Equal($"false_{Customer}@c.us_{id}", incoming.GetProperty("id").GetProperty("_serialized").GetString());
        Assert.Equal("Ana", incoming.GetProperty("notifyName").GetString());

        var chats = await page.EvaluateAsync<JsonElement>("() => WPP.chat.list({ onlyUsers: true })");
        var chat = chats.EnumerateArray().Single();
        Assert.Equal($"{Customer}@c.us", chat.GetProperty("id").GetProperty("_serialized").GetString());
        Assert.Equal(1, chat.GetProperty("unreadCount").GetInt32());
        Assert.False(chat.GetProperty("isGroup").GetBoolean());
        Assert.Equal("delivered", (await server.MessagesAsync(Customer)).Single().GetProperty("status").GetString());

        var marked = await page.EvaluateAsync<JsonElement>(
            $"async () => {{ const r = await WPP.chat.markIsRead('{Customer}@c.us'); return {{ wid: r.wid.toString(), unreadCount: r.unreadCount }}; }}");
        Assert.Equal($"{Customer}@c.us", marked.GetProperty("wid").GetString());

        Assert.Equal("read", (await server.MessagesAsync(Customer)).Single().GetProperty("status").GetString());
        var after = await page.EvaluateAsync<JsonElement>("() => WPP.chat.list({})");
        Assert.Equal(0, after[0].GetProperty("unreadCount").GetInt32());
    }

    [Fact]
    public async Task A_message_the_phone_deletes_for_everyone_is_revoked_on_the_page()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana");
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);
        var id = await server.SendFromPhoneAsync(Customer, Instance, "oops, wrong chat");
        await SimulatorBrowser.WaitForEventAsync(page, "chat.new_message");

        using (var deleted = await server.Api.DeleteAsync($"phones/{Customer}/messages/{id}"))
            Assert.Equal(System.Net.HttpStatusCode.OK, deleted.StatusCode);

        var revoke = (await SimulatorBrowser.WaitForEventAsync(page, "chat.msg_revoke")).Single();
        Assert.Equal("revoke", revoke.GetProperty("type").GetString());
        Assert.Equal($"false_{Customer}@c.us_{id}", revoke.GetProperty("refId").GetProperty("_serialized").GetString());
        Assert.NotEqual(id, revoke.GetProperty("id").GetProperty("id").GetString());
        Assert.Equal($"{Customer}@c.us", revoke.GetProperty("from").GetProperty("_serialized").GetString());
        Assert.Equal("revoked", (await server.MessagesAsync(Instance)).Single().GetProperty("type").GetString());
    }

    [Fact]
    public async Task GetMessages_pages_oldest_first_before_or_after_a_message()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana");
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);
        var ids = new List<string>();
        foreach (var text in new[] { "one", "two", "three", "four", "five" })
            ids.Add(await server.SendFromPhoneAsync(Customer, Instance, text));
        const string bodies = "async ([chat, options]) => (await WPP.chat.getMessages(chat, options)).map(m => m.body)";
        var chat = $"{Customer}@c.us";
        var third = $"false_{chat}_{ids[2]}";

        Assert.Equal(["four", "five"], await page.EvaluateAsync<string[]>(bodies, new object[] { chat, new { count = 2 } }));
        Assert.Equal(["one", "two", "three", "four", "five"], await page.EvaluateAsync<string[]>(bodies, new object[] { chat, new { count = -1 } }));
        Assert.Equal(["one", "two"], await page.EvaluateAsync<string[]>(bodies, new object[] { chat, new { count = -1, id = third, direction = "before" } }));
        Assert.Equal(["four"], await page.EvaluateAsync<string[]>(bodies, new object[] { chat, new { count = 1, id = third, direction = "after" } }));
        var error = await page.EvaluateAsync<string>("() => WPP.chat.getMessages('5511900000000@c.us', {}).then(() => 'found', e => e.message)");
        Assert.Contains("chat not found", error);
    }

    [Fact]
    public async Task Messages_to_an_account_with_no_reachable_device_wait_and_are_delivered_on_reconnect()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana");
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);
        await server.PostAsync($"phones/{Instance}/offline");
        await server.PostAsync($"phones/{Instance}/drop");
        await Eventually.TrueAsync(async () => !await page.EvaluateAsync<bool>("() => WPP.conn.isMainReady()"), "the dropped page goes offline");

        var id = await server.SendFromPhoneAsync(Customer, Instance, "Anyone there?");
        Assert.Equal("sent", (await server.MessagesAsync(Customer)).Single().GetProperty("status").GetString());

        await page.ReloadAsync();
        await SimulatorBrowser.RecordEventsAsync(page);
        await Eventually.TrueAsync(() => page.EvaluateAsync<bool>("() => WPP.conn.isMainReady()"), "the reloaded page reconnects");
        await Eventually.TrueAsync(async () => (await server.MessagesAsync(Customer)).Single().GetProperty("status").GetString() == "delivered",
            "the queued message is delivered once the device is back");
        var history = await page.EvaluateAsync<JsonElement>($"() => WPP.chat.getMessages('{Customer}@c.us', {{ count: 20 }})");
        Assert.Equal(id, history.EnumerateArray().Single().GetProperty("id").GetProperty("id").GetString());
    }

    [Fact]
    public async Task QueryExists_finds_a_Brazilian_number_with_or_without_the_ninth_digit()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        await server.CreatePhoneAsync(Customer, "Ana");
        await server.CreatePhoneAsync("552133334444", "Old number");
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);
        const string query = "async id => { const r = await WPP.contact.queryExists(id); return r && { wid: r.wid._serialized, text: `${r.wid}`, biz: r.biz }; }";

        var exact = await page.EvaluateAsync<JsonElement>(query, $"{Customer}@c.us");
        Assert.Equal($"{Customer}@c.us", exact.GetProperty("wid").GetString());
        Assert.Equal($"{Customer}@c.us", exact.GetProperty("text").GetString());
        Assert.False(exact.GetProperty("biz").GetBoolean());
        var withoutNinth = await page.EvaluateAsync<JsonElement>(query, "551188887777");
        Assert.Equal($"{Customer}@c.us", withoutNinth.GetProperty("wid").GetString());
        var withNinth = await page.EvaluateAsync<JsonElement>(query, "5521933334444@c.us");
        Assert.Equal("552133334444@c.us", withNinth.GetProperty("wid").GetString());
        var unknown = await page.EvaluateAsync<JsonElement>(query, "5511977776666");
        Assert.Equal(JsonValueKind.Null, unknown.ValueKind);
    }
}
