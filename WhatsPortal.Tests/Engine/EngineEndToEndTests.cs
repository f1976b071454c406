using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Outbound;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Engine;

/// <summary>
/// The engine against the simulator: real Kestrel on 127.0.0.1, real Chromium, a real SQLite file.
/// Runs in the simulator's collection so only one browser-heavy test runs at a time.
/// </summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class EngineEndToEndTests
{
    private const string Business = "5511911110000";
    private const string Customer = "5511922220000";

    [Fact]
    public async Task A_linked_instance_sends_receives_and_follows_acks_to_read()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await simulator.CreatePhoneAsync(Business, "Sales");
        await simulator.CreatePhoneAsync(Customer, "Ana");
        await using var engine = await EngineHost.StartAsync(simulator);
        var instance = await engine.CreateInstanceAsync("sales");

        await engine.Engine.StartAsync(instance.Id);
        await Eventually.TrueAsync(async () => await engine.Engine.GetQrAsync(instance.Id) is not null, "a QR code to show", TimeSpan.FromSeconds(60));
        var qr = (await engine.Engine.GetQrAsync(instance.Id))!;
        Assert.Equal(InstanceStatus.Qr, await engine.Engine.GetStatusAsync(instance.Id));
        Assert.True(qr.ExpiresAt > DateTime.UtcNow.AddSeconds(-5));
        Assert.NotEmpty(new QrCodeRenderer().RenderPng(qr.Code));
        using (var linked = await simulator.LinkAsync(Business, qr.Code)) Assert.True(linked.IsSuccessStatusCode);
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Connected);
        Assert.Equal($"{Business}@c.us", (await engine.InstanceAsync(instance.Id)).WhatsAppId);
        Assert.Null(await engine.Engine.GetQrAsync(instance.Id));
        Assert.Equal(
            [InstanceStatus.Starting, InstanceStatus.Qr, InstanceStatus.Connecting, InstanceStatus.Connected],
            await engine.TransitionsAsync(instance.Id));

        // Outbound: queued → sent → the phone has it → read once the phone reads it.
        var message = await engine.SendTextAsync(instance, Customer, "Your order has shipped", idempotencyKey: "order-42");
        Assert.Equal(MessageStatus.Queued, message.Status);
        Assert.Equal(message.Id, (await engine.SendTextAsync(instance, Customer, "Your order has shipped", idempotencyKey: "order-42")).Id);
        await engine.WaitForMessageAsync(message.Id, m => m.WhatsAppId is not null && m.Status != MessageStatus.Queued, "the message to be sent");
        var sent = await engine.MessageAsync(message.Id);
        Assert.NotEqual(MessageStatus.Failed, sent.Status);
        var onPhone = await PhoneMessagesAsync(simulator, Customer);
        Assert.Single(onPhone, m => m.GetProperty("text").GetString() == "Your order has shipped" && m.GetProperty("direction").GetString() == "received");
        await simulator.PostAsync($"phones/{Customer}/read", new { messageId = sent.WhatsAppId });
        await engine.WaitForMessageAsync(message.Id, m => m.Status == MessageStatus.Read, "the read ack to reach the message");
        Assert.NotNull((await engine.MessageAsync(message.Id)).ReadAt);

        // Inbound: the customer writes; the chat and the message are stored once.
        var inboundId = await simulator.SendFromPhoneAsync(Customer, Business, "When does it arrive?");
        await Eventually.TrueAsync(async () =>
        {
            await using var db = engine.Db();
            return await db.Messages.AnyAsync(m => m.InstanceId == instance.Id && m.Direction == MessageDirection.Inbound && m.Text == "When does it arrive?");
        }, "the inbound message to be stored");
        await using (var db = engine.Db())
        {
            var chat = await db.Chats.SingleAsync(c => c.InstanceId == instance.Id && c.RemoteId == $"{Customer}@c.us");
            Assert.Equal(1, chat.UnreadCount);
            Assert.Equal("When does it arrive?", chat.LastMessagePreview);
            var inbound = await db.Messages.SingleAsync(m => m.InstanceId == instance.Id && m.Direction == MessageDirection.Inbound);
            Assert.Equal(MessageStatus.Received, inbound.Status);
            Assert.Equal(MessageType.Text, inbound.Type);
            Assert.EndsWith(inboundId, inbound.WhatsAppId);
            // The echo of our own send did not become a second row.
            Assert.Equal(1, await db.Messages.CountAsync(m => m.InstanceId == instance.Id && m.Direction == MessageDirection.Outbound));
        }

        // The instance reads the chat: blue ticks on the customer's phone, nothing unread here.
        Guid chatId;
        await using (var db = engine.Db())
            chatId = (await db.Chats.SingleAsync(c => c.InstanceId == instance.Id && c.RemoteId == $"{Customer}@c.us")).Id;
        await engine.Engine.MarkChatReadAsync(instance.Id, chatId);
        await Eventually.TrueAsync(async () => (await PhoneMessagesAsync(simulator, Customer))
            .Any(m => m.GetProperty("id").GetString() == inboundId && m.GetProperty("status").GetString() == "read"), "the customer to see the message read");
        await using (var db = engine.Db())
        {
            Assert.Equal(0, (await db.Chats.SingleAsync(c => c.Id == chatId)).UnreadCount);
            Assert.Equal(MessageStatus.Read, (await db.Messages.SingleAsync(m => m.InstanceId == instance.Id && m.Direction == MessageDirection.Inbound)).Status);
        }

        // The customer deletes it for everyone: the stored message is marked revoked.
        using (var deleted = await simulator.Api.DeleteAsync($"phones/{Customer}/messages/{inboundId}"))
            Assert.True(deleted.IsSuccessStatusCode);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = engine.Db();
            return (await db.Messages.SingleAsync(m => m.InstanceId == instance.Id && m.Direction == MessageDirection.Inbound)).Revoked;
        }, "the revoke to reach the stored message");

        // Media: read from the data directory and sent as a data URL.
        var png = new QrCodeRenderer().RenderPng("media test");
        var media = await engine.Engine.EnqueueAsync(instance.TenantId, instance.Id,
            new OutboundMessageRequest(Customer, "the label", new OutboundMedia(png, "image/png", "label.png")));
        await engine.WaitForMessageAsync(media.Id, m => m.WhatsAppId is not null, "the image to be sent");
        Assert.Contains(await PhoneMessagesAsync(simulator, Customer),
            m => m.GetProperty("type").GetString() == "image" && m.GetProperty("caption").GetString() == "the label" && m.GetProperty("size").GetInt64() == png.Length);

        // Written without the ninth digit: WhatsApp knows the number by the id with it, and so does the chat.
        await simulator.CreatePhoneAsync("5511988887777", "Bruno");
        var short_ = await engine.SendTextAsync(instance, "551188887777", "one more thing");
        await engine.WaitForMessageAsync(short_.Id, m => m.WhatsAppId is not null, "the message to the short number to be sent");
        await using (var db = engine.Db())
        {
            var brunoChatId = (await db.Messages.SingleAsync(m => m.Id == short_.Id)).ChatId;
            Assert.Equal("5511988887777@c.us", (await db.Chats.SingleAsync(c => c.Id == brunoChatId)).RemoteId);
        }
        Assert.Contains(await PhoneMessagesAsync(simulator, "5511988887777"), m => m.GetProperty("text").GetString() == "one more thing");

        // A number that is not on WhatsApp fails with a reason; nothing is sent.
        var unknown = await engine.SendTextAsync(instance, "5511933330000", "hello?");
        await engine.WaitForMessageAsync(unknown.Id, m => m.Status == MessageStatus.Failed, "the message to an unknown number to fail");
        Assert.Contains("not on WhatsApp", (await engine.MessageAsync(unknown.Id)).Error);

        await Assert.ThrowsAsync<InvalidOutboundMessageException>(() => engine.SendTextAsync(instance, "not a number", "x"));
        Assert.Equal(0, (await simulator.GetJsonAsync("stats")).GetProperty("conflicts").GetInt32());
    }

    [Fact]
    public async Task Stop_and_start_reconnect_without_a_QR_and_a_killed_browser_recovers_by_itself()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await simulator.CreatePhoneAsync(Business, "Sales");
        await simulator.CreatePhoneAsync(Customer, "Ana");
        await using var engine = await EngineHost.StartAsync(simulator);
        var instance = await engine.CreateInstanceAsync("sales");
        // Written before the device was linked: it arrives through the history import after connecting.
        await simulator.SendFromPhoneAsync(Customer, Business, "sent before linking");
        await engine.LinkAsync(simulator, instance.Id, Business);
        await Eventually.TrueAsync(async () => await CountAsync(engine, instance.Id, "sent before linking") == 1, "the earlier message to be imported");

        await engine.Engine.StopAsync(instance.Id);
        Assert.Equal(InstanceStatus.Stopped, (await engine.InstanceAsync(instance.Id)).Status);
        Assert.False((await engine.InstanceAsync(instance.Id)).AutoStart);
        var mark = await engine.LastEventIdAsync(instance.Id);
        await engine.Engine.StartAsync(instance.Id);
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Connected);
        Assert.DoesNotContain(InstanceStatus.Qr, await engine.TransitionsAsync(instance.Id, mark));

        // Kill every Chromium process of this instance's profile, as the OOM killer would.
        mark = await engine.LastEventIdAsync(instance.Id);
        var killed = ChromiumProcesses.Kill(engine.Paths.ProfileDirectory(instance.Id));
        Assert.True(killed > 0, "a Chromium process should run on the instance's profile");
        await Eventually.TrueAsync(async () => (await engine.TransitionsAsync(instance.Id, mark)).Contains(InstanceStatus.Reconnecting),
            "the engine to notice the browser died", TimeSpan.FromSeconds(60));
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Connected);
        Assert.DoesNotContain(InstanceStatus.Qr, await engine.TransitionsAsync(instance.Id, mark));

        // Still working after the crash, and every reconnect's import found nothing new to store.
        var message = await engine.SendTextAsync(instance, Customer, "after the crash");
        await engine.WaitForMessageAsync(message.Id, m => m.WhatsAppId is not null, "a message to be sent after recovering");
        Assert.Equal(1, await CountAsync(engine, instance.Id, "sent before linking"));
        Assert.Equal(0, (await simulator.GetJsonAsync("stats")).GetProperty("conflicts").GetInt32());
    }

    [Fact]
    public async Task Unlinking_all_devices_on_the_phone_logs_the_instance_out()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await simulator.CreatePhoneAsync(Business, "Sales");
        await using var engine = await EngineHost.StartAsync(simulator);
        var instance = await engine.CreateInstanceAsync("sales");
        await engine.LinkAsync(simulator, instance.Id, Business);

        var profile = engine.Paths.ProfileDirectory(instance.Id);
        Assert.NotEmpty(ChromiumProcesses.Of(profile));

        await simulator.PostAsync($"phones/{Business}/unlink-all");
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.LoggedOut);
        await Eventually.TrueAsync(() => Task.FromResult(ChromiumProcesses.Of(profile).Count == 0), "the logged-out instance's Chromium to exit");
        Assert.False(Directory.Exists(engine.Paths.ProfileDirectory(instance.Id)), "a logged-out profile is deleted");
        Assert.Null(await engine.Engine.GetStatusAsync(instance.Id));
    }

    [Fact]
    public async Task A_message_another_process_queued_while_connected_is_found_and_sent()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await simulator.CreatePhoneAsync(Business, "Sales");
        await simulator.CreatePhoneAsync(Customer, "Ana");
        await using var engine = await EngineHost.StartAsync(simulator);
        var instance = await engine.CreateInstanceAsync("sales");
        await engine.LinkAsync(simulator, instance.Id, Business);
        var first = await engine.SendTextAsync(instance, Customer, "through the engine");
        await engine.WaitForMessageAsync(first.Id, m => m.WhatsAppId is not null, "the first message to be sent");

        // Written straight to the database, as another node would: nothing wakes this node's sender but its queue watch.
        Guid queuedId;
        await using (var db = engine.Db())
        {
            var chatId = (await db.Messages.SingleAsync(m => m.Id == first.Id)).ChatId;
            var queued = new Message
            {
                TenantId = instance.TenantId, InstanceId = instance.Id, ChatId = chatId,
                Direction = MessageDirection.Outbound, Status = MessageStatus.Queued, Type = MessageType.Text, Text = "queued elsewhere",
            };
            db.Messages.Add(queued);
            queuedId = queued.Id;
            await db.SaveChangesAsync();
        }

        await engine.WaitForMessageAsync(queuedId, m => m.WhatsAppId is not null, "the message queued elsewhere to be sent");
        Assert.Single(await PhoneMessagesAsync(simulator, Customer), m => m.GetProperty("text").GetString() == "queued elsewhere");
    }

    [Fact]
    public async Task After_an_app_restart_queued_messages_are_sent_and_an_in_flight_one_is_not_sent_twice()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await simulator.CreatePhoneAsync(Business, "Sales");
        await simulator.CreatePhoneAsync(Customer, "Ana");
        var data = EngineHost.NewDataDirectory();
        try
        {
            Instance instance;
            Guid inFlightId;
                string profile;
            await using (var first = await EngineHost.StartAsync(simulator, data))
            {
                instance = await first.CreateInstanceAsync("sales");
                profile = first.Paths.ProfileDirectory(instance.Id);
                await first.LinkAsync(simulator, instance.Id, Business);
                var sent = await first.SendTextAsync(instance, Customer, "sent just before the crash");
                await first.WaitForMessageAsync(sent.Id, m => m.WhatsAppId is not null, "the first message to be sent");
                inFlightId = sent.Id;
                Assert.NotEmpty(ChromiumProcesses.Of(profile));
            }
            // A graceful shutdown closes every browser.
            await Eventually.TrueAsync(() => Task.FromResult(ChromiumProcesses.Of(profile).Count == 0), "the instance's Chromium to exit");

            // As if the app died after WhatsApp took the message but before the row said so.
            Guid queuedId;
            await using (var db = EngineHost.OpenDatabase(data))
            {
                var row = await db.Messages.SingleAsync(m => m.Id == inFlightId);
                row.Status = MessageStatus.Queued;
                row.WhatsAppId = null;
                row.SentAt = null;
                row.Attempts = 1;
                // And a message the web layer accepted while the engine was down.
                var queued = new Message
                {
                    TenantId = instance.TenantId, InstanceId = instance.Id, ChatId = row.ChatId,
                    Direction = MessageDirection.Outbound, Status = MessageStatus.Queued, Type = MessageType.Text, Text = "accepted while down",
                };
                db.Messages.Add(queued);
                queuedId = queued.Id;
                await db.SaveChangesAsync();
            }
            Assert.True(await AutoStartAsync(data, instance.Id), "a graceful shutdown keeps the instance marked to run");

            long mark;
            await using (var db = EngineHost.OpenDatabase(data))
                mark = await db.InstanceEvents.MaxAsync(e => e.Id);
            await using var second = await EngineHost.StartAsync(simulator, data);
            await second.WaitForStatusAsync(instance.Id, InstanceStatus.Connected);
            Assert.DoesNotContain(InstanceStatus.Qr, await second.TransitionsAsync(instance.Id, mark));
            await second.WaitForMessageAsync(queuedId, m => m.WhatsAppId is not null, "the message accepted while down to be sent");
            await second.WaitForMessageAsync(inFlightId, m => m.WhatsAppId is not null, "the in-flight message to be reconciled");

            var onPhone = await PhoneMessagesAsync(simulator, Customer);
            Assert.Single(onPhone, m => m.GetProperty("text").GetString() == "sent just before the crash");
            Assert.Single(onPhone, m => m.GetProperty("text").GetString() == "accepted while down");
            await using var check = second.Db();
            Assert.Equal(2, await check.Messages.CountAsync(m => m.InstanceId == instance.Id && m.Direction == MessageDirection.Outbound));
        }
        finally
        {
            EngineHost.DeleteDataDirectory(data);
        }
    }

    [Fact]
    public async Task A_pairing_code_links_logout_unlinks_the_device_and_delete_removes_everything()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await simulator.CreatePhoneAsync(Business, "Sales");
        await using var engine = await EngineHost.StartAsync(simulator);
        var instance = await engine.CreateInstanceAsync("sales");

        await Assert.ThrowsAsync<InstanceStateException>(() => engine.Engine.RequestPairingCodeAsync(instance.Id, Business));
        await engine.Engine.StartAsync(instance.Id);
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Qr);
        var code = await engine.Engine.RequestPairingCodeAsync(instance.Id, "+55 11 91111-0000");
        Assert.Matches("^[A-Z0-9]{8}$", code);
        using (var linked = await simulator.LinkAsync(Business, code)) Assert.True(linked.IsSuccessStatusCode);
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Connected);

        await engine.Engine.LogoutAsync(instance.Id);
        Assert.Equal(InstanceStatus.LoggedOut, (await engine.InstanceAsync(instance.Id)).Status);
        await Eventually.TrueAsync(async () => (await simulator.GetJsonAsync($"phones/{Business}")).GetProperty("devices").GetArrayLength() == 0,
            "the phone to no longer list the device");
        Assert.False(Directory.Exists(engine.Paths.ProfileDirectory(instance.Id)));

        // Logged out means a new QR next time.
        await engine.Engine.StartAsync(instance.Id);
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Qr);
        var profile = engine.Paths.ProfileDirectory(instance.Id);
        Assert.NotEmpty(ChromiumProcesses.Of(profile));
        await engine.Engine.DeleteAsync(instance.Id);
        Assert.False(Directory.Exists(profile));
        await Eventually.TrueAsync(() => Task.FromResult(ChromiumProcesses.Of(profile).Count == 0), "the deleted instance's Chromium to exit");
        await using var db = engine.Db();
        Assert.False(await db.Instances.AnyAsync(i => i.Id == instance.Id));
        await Assert.ThrowsAsync<InstanceNotFoundException>(() => engine.Engine.StartAsync(instance.Id));
    }

    [Fact]
    public async Task A_hung_WPP_and_a_dropped_connection_are_noticed_and_recovered_from()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await simulator.CreatePhoneAsync(Business, "Sales");
        await simulator.CreatePhoneAsync(Customer, "Ana");
        await using var engine = await EngineHost.StartAsync(simulator);
        var instance = await engine.CreateInstanceAsync("sales");
        await engine.LinkAsync(simulator, instance.Id, Business);

        var mark = await engine.LastEventIdAsync(instance.Id);
        await simulator.PostAsync($"phones/{Business}/freeze");
        await Eventually.TrueAsync(async () => (await engine.TransitionsAsync(instance.Id, mark)).Contains(InstanceStatus.Reconnecting),
            "the engine to notice WPP stopped answering", TimeSpan.FromSeconds(60));
        await simulator.PostAsync($"phones/{Business}/unfreeze");
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Connected);

        mark = await engine.LastEventIdAsync(instance.Id);
        await simulator.PostAsync($"phones/{Business}/drop");
        await Eventually.TrueAsync(async () => (await engine.TransitionsAsync(instance.Id, mark)).Contains(InstanceStatus.Reconnecting),
            "the engine to notice the dropped connection", TimeSpan.FromSeconds(60));
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Connected);
        Assert.DoesNotContain(InstanceStatus.Qr, await engine.TransitionsAsync(instance.Id, mark));

        var message = await engine.SendTextAsync(instance, Customer, "still here");
        await engine.WaitForMessageAsync(message.Id, m => m.WhatsAppId is not null, "a message to be sent after recovering");
        Assert.Equal(0, (await simulator.GetJsonAsync("stats")).GetProperty("conflicts").GetInt32());
    }

    [Fact]
    public async Task Without_Chromium_the_instance_fails_with_the_fix_in_its_reason()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        await using var engine = await EngineHost.StartAsync(simulator,
            settings: new Dictionary<string, string?> { ["Engine:ChromiumPath"] = "/nonexistent/chromium" });
        var instance = await engine.CreateInstanceAsync("sales");

        await engine.Engine.StartAsync(instance.Id);
        await engine.WaitForStatusAsync(instance.Id, InstanceStatus.Failed);
        var failed = await engine.InstanceAsync(instance.Id);
        Assert.Contains("apt-get install chromium", failed.StatusReason);
        Assert.Contains("Engine:ChromiumPath", failed.StatusReason);
    }

    private static async Task<int> CountAsync(EngineHost engine, Guid instanceId, string text)
    {
        await using var db = engine.Db();
        return await db.Messages.CountAsync(m => m.InstanceId == instanceId && m.Text == text);
    }

    private static async Task<bool> AutoStartAsync(string data, Guid instanceId)
    {
        await using var db = EngineHost.OpenDatabase(data);
        return (await db.Instances.SingleAsync(i => i.Id == instanceId)).AutoStart;
    }

    private static async Task<JsonElement[]> PhoneMessagesAsync(SimulatorServer simulator, string number) =>
        await simulator.MessagesAsync(number);
}
