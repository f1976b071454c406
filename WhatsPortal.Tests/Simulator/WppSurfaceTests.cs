namespace WhatsPortal.Tests.Simulator;

/// <summary>The simulator's page offers every function of docs/wpp-contract.md, so the engine finds nothing missing.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class WppSurfaceTests
{
    private static readonly string[] Functions =
    [
        "on", "off",
        "conn.isAuthenticated", "conn.isMainReady", "conn.getAuthCode", "conn.genLinkDeviceCodeForPhoneNumber",
        "conn.getMyUserId", "conn.logout",
        "chat.sendTextMessage", "chat.sendFileMessage", "chat.markIsRead", "chat.list", "chat.getMessages",
        "chat.downloadMedia", "contact.queryExists",
        "contact.subscribePresence", "chat.markIsComposing", "chat.markIsRecording", "chat.markIsPaused",
        "blocklist.blockContact", "blocklist.unblockContact", "blocklist.isBlocked", "blocklist.all", "contact.getProfilePictureUrl", "contact.getPnLidEntry",
        "chat.markIsUnread", "chat.archive", "chat.unarchive",
        "chat.sendReactionToMessage", "chat.editMessage", "chat.deleteMessage",
        "group.create", "group.getAllGroups", "group.getParticipants", "group.addParticipants", "group.removeParticipants",
        "group.promoteParticipants", "group.demoteParticipants", "group.setSubject", "group.setDescription",
        "group.getInviteCode", "group.revokeInviteCode", "group.leave",
    ];

    [Fact]
    public async Task Every_contract_function_exists_and_calls_before_linking_reject_with_a_reason()
    {
        await using var server = await SimulatorServer.StartAsync();
        await using var browser = await SimulatorBrowser.StartAsync();
        await browser.LaunchAsync(browser.NewProfileDirectory());
        var page = await browser.OpenWebPageAsync(server);

        var missing = await page.EvaluateAsync<string[]>(
            "names => names.filter(n => typeof n.split('.').reduce((o, k) => o?.[k], WPP) !== 'function')", Functions);
        Assert.Empty(missing);
        Assert.True(await page.EvaluateAsync<bool>("() => WPP.isReady"));
        Assert.False(await page.EvaluateAsync<bool>("() => WPP.conn.isMainReady()"));
        Assert.Null(await page.EvaluateAsync<string?>("() => WPP.conn.getMyUserId() ?? null"));
        var error = await page.EvaluateAsync<string>("() => WPP.chat.list({}).then(() => 'answered', e => e.message)");
        Assert.Equal("not logged in", error);
    }
}
