using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using PuppeteerSharp;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Contacts;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Tests.Simulator;

namespace WhatsPortal.Tests.Engine;

/// <summary>
/// The driver and its bridge against a tiny WPP stand-in whose answers and events the test controls: payload
/// normalization (ids to strings, media captions), event parsing, rejected calls and a closing page.
/// </summary>
[Trait("Category", "Browser")]
public sealed class PuppeteerDriverTests
{
    private const string Url = "http://whatsapp.test/";

    private const string StandIn = """
        <html><head><script>
        const handlers = {};
        const wid = s => ({ server: s.split('@')[1], user: s.split('@')[0], _serialized: s, toString() { return s; } });
        const key = (fromMe, remote, id) => ({ fromMe, remote: wid(remote), id, _serialized: `${fromMe}_${remote}_${id}` });
        window.test = { wid, key, emit: (name, arg) => (handlers[name] ?? []).forEach(h => h(arg)) };
        window.WPP = {
          isReady: true,
          on: (name, handler) => (handlers[name] ??= []).push(handler),
          conn: {
            isAuthenticated: () => false, isMainReady: () => false, getMyUserId: () => undefined,
            getAuthCode: async () => ({ type: 'multidevice', ref: 'ref', fullCode: 'ref,a,b,c' }),
            genLinkDeviceCodeForPhoneNumber: async phone => 'ABCD1234', logout: async () => true,
          },
          chat: {
            sendTextMessage: async () => { throw new Error('chat not found'); },
            sendFileMessage: async (id, content, options) => ({ id: `true_${id}_${options.type}_${options.caption}`, ack: 1 }),
            markIsRead: async id => ({ wid: wid(id), unreadCount: 0 }),
            list: async () => [{ id: wid('5511922220000@c.us'), formattedTitle: 'Ana', unreadCount: 2, t: 1700000000, isGroup: false },
              { id: wid('5511933330000@c.us'), formattedTitle: 'Bia', unreadCount: -1, t: 1700000000, isGroup: false, archive: true }],
            // As wa-js: archiving an archived chat is refused with a code; Bia's chat is archived, Carla's is not a chat.
            archive: async (id, archive = true) => {
              if (id === '5511944440000@c.us') throw Object.assign(new Error('chat not found'), { code: 'chat_not_found' });
              if (archive && id === '5511933330000@c.us') throw Object.assign(new Error(`The chat ${id} is already archived`), { code: 'archive_error' });
              window.test.shown = `archive ${archive} ${id}`;
              return { wid: wid(id), archive };
            },
            unarchive: async id => WPP.chat.archive(id, false),
            markIsUnread: async id => { window.test.shown = `unread ${id}`; return { wid: wid(id) }; },
            getMessages: async () => [],
            markIsComposing: async id => { window.test.shown = `composing ${id}`; },
            markIsRecording: async id => { window.test.shown = `recording ${id}`; },
            markIsPaused: async id => { window.test.shown = `paused ${id}`; },
          },
          blocklist: {
            blocked: new Set(),
            blockContact: async id => { WPP.blocklist.blocked.add(id); return { wid: wid(id), isBlocked: true }; },
            unblockContact: async id => { WPP.blocklist.blocked.delete(id); return { wid: wid(id), isBlocked: false }; },
            isBlocked: id => WPP.blocklist.blocked.has(id),
          },
          contact: {
            queryExists: async id => id === '5511922220000@c.us' ? { wid: wid('551122220000@c.us'), biz: false } : null,
            getProfilePictureUrl: async (id, full) => id === '5511922220000@c.us' && full ? 'https://pps.whatsapp.net/v/t61/ana.jpg' : undefined,
            subscribePresence: async ids => ids.filter(id => id !== '5511933330000@c.us').map(wid),
            // Ana's number and LID are both known; anyone else's lookup fails, which must not hold their messages back.
            getPnLidEntry: async id => {
              if (id !== '5511922220000@c.us') throw new Error('not in the cache');
              return { lid: { id: '204722913845621', server: 'lid', _serialized: '204722913845621@lid' },
                phoneNumber: { id: '5511922220000', server: 'c.us', _serialized: '5511922220000@c.us' } };
            },
          },
        };
        </script></head><body></body></html>
        """;

    [Fact]
    public async Task The_bridge_normalizes_answers_and_events_and_reports_rejections_and_a_closed_page()
    {
        await using var standIn = await StandInPage.OpenAsync();
        var (driver, events, page) = (standIn.Driver, standIn.Events, standIn.Page);

        Assert.Equal(new ConnectionState(false, false, null), await driver.GetStateAsync(CancellationToken.None));
        Assert.Equal("ref,a,b,c", await driver.GetAuthCodeAsync(CancellationToken.None));
        Assert.Equal("ABCD1234", await driver.RequestPairingCodeAsync("5511911110000", CancellationToken.None));
        Assert.Equal("551122220000@c.us", await driver.QueryExistsAsync("5511922220000@c.us", CancellationToken.None));
        Assert.Null(await driver.QueryExistsAsync("5511933330000@c.us", CancellationToken.None));
        Assert.Equal(["5511922220000@c.us"], await driver.SubscribePresenceAsync(["5511922220000@c.us", "5511933330000@c.us"], CancellationToken.None));
        await driver.SetChatStateAsync("5511922220000@c.us", ChatState.Recording, CancellationToken.None);
        Assert.Equal("recording 5511922220000@c.us", await page.EvaluateExpressionAsync<string>("window.test.shown"));
        Assert.Equal("https://pps.whatsapp.net/v/t61/ana.jpg", await driver.GetProfilePictureUrlAsync("5511922220000@c.us", CancellationToken.None));
        Assert.Null(await driver.GetProfilePictureUrlAsync("5511933330000@c.us", CancellationToken.None));
        Assert.True(await driver.SetBlockedAsync("5511922220000@c.us", true, CancellationToken.None));
        Assert.True(await driver.IsBlockedAsync("5511922220000@c.us", CancellationToken.None));
        Assert.False(await driver.SetBlockedAsync("5511922220000@c.us", false, CancellationToken.None));
        Assert.False(await driver.IsBlockedAsync("5511922220000@c.us", CancellationToken.None));
        var chats = await driver.ListChatsAsync(5, CancellationToken.None);
        Assert.Equal(
            [
                new WhatsAppChat("5511922220000@c.us", "Ana", 2, 1700000000, false, "204722913845621@lid", "5511922220000@c.us"),
                new WhatsAppChat("5511933330000@c.us", "Bia", 0, 1700000000, false, MarkedUnread: true, Archived: true),
            ], chats);
        await driver.MarkUnreadAsync("5511922220000@c.us", CancellationToken.None);
        Assert.Equal("unread 5511922220000@c.us", await page.EvaluateExpressionAsync<string>("window.test.shown"));
        await driver.SetArchivedAsync("5511922220000@c.us", false, CancellationToken.None);
        Assert.Equal("archive false 5511922220000@c.us", await page.EvaluateExpressionAsync<string>("window.test.shown"));
        await driver.SetArchivedAsync("5511933330000@c.us", true, CancellationToken.None);
        Assert.Equal("chat not found", (await Assert.ThrowsAsync<WhatsAppCallException>(() => driver.SetArchivedAsync("5511944440000@c.us", true, CancellationToken.None))).Message);
        var rejected = await Assert.ThrowsAsync<WhatsAppCallException>(() => driver.SendTextAsync("5511922220000@c.us", "hi", null, [], CancellationToken.None));
        Assert.Equal("chat not found", rejected.Message);
        var file = await driver.SendFileAsync("5511922220000@c.us", "data:image/png;base64,AA==", new SendFileOptions("image", "look", null, "image/png"), CancellationToken.None);
        Assert.Equal("true_5511922220000@c.us_image_look", file.Id);

        await page.EvaluateFunctionAsync("""
            () => {
              test.emit('conn.auth_code_change', { fullCode: 'ref2,a,b,c' });
              test.emit('conn.auth_code_change', null);
              test.emit('chat.new_message', { id: test.key(false, '5511922220000@c.us', 'A1'), from: test.wid('5511922220000@c.us'),
                to: test.wid('5511911110000@c.us'), body: 'hello', type: 'chat', t: 1700000001, ack: 1, notifyName: 'Ana' });
              test.emit('chat.new_message', { id: test.key(true, '5511922220000@c.us', 'B2'), from: test.wid('5511911110000@c.us'),
                to: test.wid('5511922220000@c.us'), body: '/9j/thumbnail', caption: 'the label', type: 'image', t: 1700000002, ack: 0,
                mimetype: 'image/jpeg', size: 1234 });
              test.emit('chat.msg_ack_change', { ack: 3, chat: test.wid('5511922220000@c.us'), ids: [test.key(true, '5511922220000@c.us', 'B2')] });
              test.emit('chat.msg_revoke', { from: test.wid('5511922220000@c.us'), to: test.wid('5511911110000@c.us'), type: 'revoke',
                id: test.key(false, '5511922220000@c.us', 'C3'), refId: test.key(false, '5511922220000@c.us', 'A1') });
              test.emit('chat.presence_change', { id: test.wid('5511922220000@c.us'), isOnline: true, isGroup: false, isUser: true,
                shortName: 'Ana', state: 'composing', t: 1700000004 });
              test.emit('conn.logout_reason', 'unknown_companion');
              test.emit('conn.logout');
            }
            """);
        await Eventually.TrueAsync(() => Task.FromResult(events.Count >= 9), "the page's events to arrive");
        var seen = events.ToArray();
        Assert.Equal(new AuthCodeChanged("ref2,a,b,c"), seen[0]);
        Assert.Equal(new AuthCodeChanged(null), seen[1]);
        var text = Assert.IsType<MessageArrived>(seen[2]).Message;
        Assert.Equal(("false_5511922220000@c.us_A1", false, "5511922220000@c.us", "hello", "Ana"), (text.Id, text.FromMe, text.ChatId, text.Text, text.NotifyName));
        Assert.Equal(("204722913845621@lid", "5511922220000@c.us"), (text.Lid, text.Phone));
        var image = Assert.IsType<MessageArrived>(seen[3]).Message;
        Assert.Equal((true, "image", "the label", "image/jpeg", (long?)1234), (image.FromMe, image.Type, image.Text, image.Mimetype, image.Size));
        // The stand-in has no WPP.chat.downloadMedia: the message still comes, with the reason, and the ack after it waits for it.
        Assert.StartsWith("download failed: ", image.Media?.Error);
        Assert.Null(image.Media?.Data);
        var ack = Assert.IsType<AckChanged>(seen[4]);
        Assert.Equal((3, "5511922220000@c.us"), (ack.Ack, ack.ChatId));
        Assert.Equal(["true_5511922220000@c.us_B2"], ack.Ids);
        Assert.Equal("false_5511922220000@c.us_A1", Assert.IsType<MessageRevoked>(seen[5]).RefId);
        Assert.Equal(new PresenceChanged("5511922220000@c.us", "composing", true), seen[6]);
        Assert.Equal(new LogoutReasonReported("unknown_companion"), seen[7]);
        Assert.IsType<LoggedOut>(seen[8]);

        await page.CloseAsync();
        await Eventually.TrueAsync(() => Task.FromResult(events.Any(e => e is PageLost)), "closing the page to be reported");
        Assert.False(driver.IsAlive);
    }

    [Fact]
    public async Task The_echo_of_an_own_send_is_not_passed_on_but_an_own_message_from_another_device_during_the_send_is()
    {
        await using var standIn = await StandInPage.OpenAsync();
        // WhatsApp raises the echo of a message before the send resolves; here another linked device sends meanwhile too.
        await standIn.Page.EvaluateFunctionAsync("""
            () => {
              const own = (id, body) => ({ id: test.key(true, '5511922220000@c.us', id), from: test.wid('5511911110000@c.us'),
                to: test.wid('5511922220000@c.us'), body, type: 'chat', t: 1700000003, ack: 1 });
              WPP.chat.sendTextMessage = async (chatId, text) => {
                test.emit('chat.new_message', own('SENT', text));
                test.emit('chat.new_message', own('OTHER', 'typed on the phone'));
                await new Promise(resolve => setTimeout(resolve, 20));
                return { id: test.key(true, chatId, 'SENT'), ack: 1 };
              };
            }
            """);

        var sent = await standIn.Driver.SendTextAsync("5511922220000@c.us", "from the API", null, [], CancellationToken.None);
        Assert.Equal("true_5511922220000@c.us_SENT", sent.Id);

        // The bridge passes events on in the page's order (parked and held ones included) and the driver applies batches
        // in sequence, so once a sentinel raised after the send has arrived, an echo passed on would have arrived before it.
        var sentinel = new LogoutReasonReported("sentinel");
        await standIn.Page.EvaluateFunctionAsync("() => test.emit('conn.logout_reason', 'sentinel')");
        await Eventually.TrueAsync(() => Task.FromResult(standIn.Events.Contains(sentinel)), "the sentinel to arrive");
        var seen = standIn.Events.ToArray();
        Assert.Equal(2, seen.Length);
        var arrived = Assert.IsType<MessageArrived>(seen[0]).Message;
        Assert.Equal(("true_5511922220000@c.us_OTHER", "typed on the phone"), (arrived.Id, arrived.Text));
        Assert.Equal(sentinel, seen[1]);
    }

    [Fact]
    public async Task A_crashed_renderer_is_reported_as_a_lost_page()
    {
        await using var standIn = await StandInPage.OpenAsync();

        // Chromium's own crash URL kills the renderer, as an out-of-memory renderer would die.
        var crash = standIn.Page.GoToAsync("chrome://crash");
        await Eventually.TrueAsync(() => Task.FromResult(standIn.Events.Any(e => e is PageLost)), "the crash to be reported");
        await Assert.ThrowsAnyAsync<Exception>(() => crash);
        Assert.Equal(new PageLost("the page crashed"), standIn.Events.OfType<PageLost>().Single());
        Assert.False(standIn.Driver.IsAlive);
    }

    /// <summary>A driver opened on the stand-in page, in its own browser and profile.</summary>
    private sealed class StandInPage : IAsyncDisposable
    {
        private readonly string _profile;

        private StandInPage(string profile, PuppeteerWhatsAppDriver driver, ConcurrentQueue<DriverEvent> events, IPage page)
        {
            _profile = profile;
            Driver = driver;
            Events = events;
            Page = page;
        }

        public PuppeteerWhatsAppDriver Driver { get; }
        public ConcurrentQueue<DriverEvent> Events { get; }
        public IPage Page { get; }

        public static async Task<StandInPage> OpenAsync()
        {
            var options = new EngineOptions { WhatsAppWebUrl = Url, PageReadyTimeout = TimeSpan.FromSeconds(20) };
            var profile = Path.Combine(Path.GetTempPath(), "whatsportal-driver-" + Guid.NewGuid().ToString("N"));
            var browser = await TestChromium.LaunchEngineBrowserAsync(profile, monitorNetwork: true);
            var page = (await browser.PagesAsync()).Single();
            await TestChromium.ServeAsync(page, Url, StandIn);
            var events = new ConcurrentQueue<DriverEvent>();
            var driver = new PuppeteerWhatsAppDriver(browser, page, events.Enqueue, NullLogger.Instance);
            await driver.OpenAsync(options, waJsBundle: null, DesktopChrome.UserAgent("156"), CancellationToken.None);
            return new StandInPage(profile, driver, events, page);
        }

        public async ValueTask DisposeAsync()
        {
            await Driver.DisposeAsync();
            Directory.Delete(_profile, recursive: true);
        }
    }
}
