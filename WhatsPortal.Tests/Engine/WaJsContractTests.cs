using System.Text.RegularExpressions;
using WhatsPortal.Engine.Driver;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Engine;

/// <summary>
/// Proves every WPP function and event the engine uses exists in the pinned wa-js bundle. The list is read
/// from the engine's bridge script itself, so a call added there without existing in wa-js fails here.
/// </summary>
[Trait("Category", "Browser")]
public sealed partial class WaJsContractTests
{
    // Comments may mention WPP members as examples; only code counts.
    private static readonly string Bridge = LineComment().Replace(PuppeteerWhatsAppDriver.BridgeScript, "");

    [Fact]
    public void The_bridge_uses_the_contract_and_nothing_else()
    {
        // docs/wpp-contract.md: what the simulator implements. The engine must stay inside it.
        string[] contract =
        [
            "WPP.isReady", "WPP.on", "WPP.conn.isAuthenticated", "WPP.conn.isMainReady", "WPP.conn.getAuthCode",
            "WPP.conn.genLinkDeviceCodeForPhoneNumber", "WPP.conn.getMyUserId", "WPP.conn.logout",
            "WPP.chat.sendTextMessage", "WPP.chat.sendFileMessage", "WPP.chat.markIsRead", "WPP.chat.list",
            "WPP.chat.getMessages", "WPP.chat.downloadMedia", "WPP.contact.queryExists",
            "WPP.contact.subscribePresence", "WPP.chat.markIsComposing", "WPP.chat.markIsRecording", "WPP.chat.markIsPaused",
            "WPP.blocklist.blockContact", "WPP.blocklist.unblockContact", "WPP.blocklist.isBlocked", "WPP.contact.getProfilePictureUrl", "WPP.contact.getPnLidEntry",
            "WPP.chat.markIsUnread", "WPP.chat.archive", "WPP.chat.unarchive",
            "WPP.chat.sendReactionToMessage", "WPP.chat.editMessage", "WPP.chat.deleteMessage",
            "WPP.chat.sendLocationMessage", "WPP.chat.sendVCardContactMessage", "WPP.chat.sendCreatePollMessage",
            "WPP.group.create", "WPP.group.getAllGroups", "WPP.group.getParticipants", "WPP.group.addParticipants", "WPP.group.removeParticipants",
            "WPP.group.promoteParticipants", "WPP.group.demoteParticipants", "WPP.group.setSubject", "WPP.group.setDescription",
            "WPP.group.getInviteCode", "WPP.group.revokeInviteCode", "WPP.group.leave",
        ];
        string[] contractEvents =
        [
            "conn.auth_code_change", "conn.authenticated", "conn.main_ready", "conn.logout", "conn.logout_reason",
            "chat.new_message", "chat.msg_ack_change", "chat.msg_revoke", "chat.presence_change",
            "chat.new_reaction", "chat.msg_edited",
            "chat.poll_response",
            "group.participant_changed",
        ];
        Assert.Empty(UsedMembers().Select(m => m.Path).Except(contract));
        Assert.Empty(UsedEvents().Except(contractEvents));
        Assert.NotEmpty(UsedEvents());
    }

    [Fact]
    public async Task Every_WPP_member_the_bridge_uses_exists_in_the_real_wa_js_bundle()
    {
        var bundle = PuppeteerWhatsAppDriverFactory.WaJsBundlePath;
        Assert.True(File.Exists(bundle), $"The wa-js bundle should be copied to {bundle} by the build.");

        using var profile = new TestDirectory();
        await using var browser = await TestChromium.LaunchEngineBrowserAsync(profile.Path);
        var page = (await browser.PagesAsync()).Single();
        // wa-js defines window.WPP and its modules as soon as it runs; WhatsApp's webpack is only needed to make them work.
        await page.AddScriptTagAsync(new PuppeteerSharp.AddTagOptions { Path = bundle });

        var members = UsedMembers();
        Assert.Contains(members, m => m.Path == "WPP.chat.sendTextMessage");
        foreach (var (path, isCall) in members)
        {
            var kind = await page.EvaluateFunctionAsync<string>(
                "path => { let v = window; for (const p of path.split('.')) { if (v == null) return 'missing'; v = v[p]; } return v === undefined ? 'missing' : typeof v; }",
                path);
            Assert.True(isCall ? kind == "function" : kind != "missing", $"{path} is {kind} in wa-js 4.6.0, but the bridge {(isCall ? "calls" : "reads")} it.");
        }
    }

    [Fact]
    public void Every_event_the_bridge_subscribes_to_exists_in_wa_js()
    {
        var bundleText = File.ReadAllText(PuppeteerWhatsAppDriverFactory.WaJsBundlePath);
        var typings = Directory.EnumerateFiles(Path.Combine(Repository.Root, "node_modules", "@wppconnect", "wa-js", "dist"), "eventTypes.d.ts", SearchOption.AllDirectories)
            .Select(File.ReadAllText).ToList();
        Assert.NotEmpty(typings);
        foreach (var name in UsedEvents())
        {
            Assert.True(bundleText.Contains($"\"{name}\"") || bundleText.Contains($"'{name}'"), $"wa-js never emits '{name}'.");
            Assert.True(typings.Any(t => t.Contains($"'{name}'")), $"'{name}' is not in wa-js's event typings.");
        }
    }

    private static List<(string Path, bool IsCall)> UsedMembers() =>
        MemberUse().Matches(Bridge)
            .Select(m => (Path: m.Groups["path"].Value, IsCall: m.Groups["call"].Success))
            .GroupBy(m => m.Path)
            .Select(g => (g.Key, g.Any(m => m.IsCall)))
            .ToList();

    private static List<string> UsedEvents() =>
        EventUse().Matches(Bridge).Select(m => m.Groups["name"].Value).Distinct().ToList();

    [GeneratedRegex(@"\b(?<path>WPP(?:\.\w+)+)\s*(?<call>\()?")]
    private static partial Regex MemberUse();

    [GeneratedRegex(@"(?m)^\s*//.*$")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"WPP\.on\(\s*'(?<name>[^']+)'")]
    private static partial Regex EventUse();
}
