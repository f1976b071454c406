using System.Text.Json;

namespace WhatsPortal.Tests.Simulator;

/// <summary>A phone that appears by LID, as WhatsApp shows more and more people: its ids and when its number becomes known.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class LidTests
{
    private const string Instance = "5511911110020";
    private const string Customer = "5511988880020";

    [Fact]
    public async Task A_LID_only_phone_writes_from_its_LID_and_its_number_is_known_once_the_page_writes_to_that_number()
    {
        await using var server = await SimulatorServer.StartAsync();
        await server.CreatePhoneAsync(Instance, "Sales");
        var lid = await server.CreateLidOnlyPhoneAsync(Customer, "Ana");
        await using var browser = await SimulatorBrowser.StartAsync();
        var page = await LinkedPage.OpenAsync(server, browser, Instance);

        await server.SendFromPhoneAsync(Customer, Instance, "Oi, sou a Ana");
        var arrived = (await SimulatorBrowser.WaitForEventAsync(page, "chat.new_message", m => m.GetProperty("body").GetString() == "Oi, sou a Ana"))
            .Single(m => m.GetProperty("body").GetString() == "Oi, sou a Ana");
        Assert.Equal(lid, arrived.GetProperty("from").GetProperty("_serialized").GetString());
        Assert.Equal(lid, arrived.GetProperty("id").GetProperty("remote").GetProperty("_serialized").GetString());

        // Nothing tells the page her number yet, and asking by number does not give her LID away.
        var byLid = await EntryAsync(page, lid);
        Assert.Equal(lid, byLid.GetProperty("lid").GetProperty("_serialized").GetString());
        Assert.False(byLid.TryGetProperty("phoneNumber", out _));
        Assert.False((await EntryAsync(page, $"{Customer}@c.us")).TryGetProperty("lid", out _));

        // Writing to her number is how this account learns it; her LID now maps to it.
        await page.EvaluateAsync($"() => WPP.chat.sendTextMessage('{Customer}@c.us', 'Olá, Ana', {{}})");
        var mapped = await EntryAsync(page, lid);
        Assert.Equal($"{Customer}@c.us", mapped.GetProperty("phoneNumber").GetProperty("_serialized").GetString());
        Assert.Equal(lid, (await EntryAsync(page, $"{Customer}@c.us")).GetProperty("lid").GetProperty("_serialized").GetString());

        // Her replies still come under her LID, and a message to the LID reaches her phone.
        await page.EvaluateAsync($"() => WPP.chat.sendTextMessage('{lid}', 'Pelo LID', {{}})");
        var onPhone = await server.MessagesAsync(Customer);
        Assert.Contains(onPhone, m => m.GetProperty("text").GetString() == "Olá, Ana" && m.GetProperty("direction").GetString() == "received");
        Assert.Contains(onPhone, m => m.GetProperty("text").GetString() == "Pelo LID" && m.GetProperty("direction").GetString() == "received");
    }

    private static Task<JsonElement> EntryAsync(Microsoft.Playwright.IPage page, string id) =>
        page.EvaluateAsync<JsonElement>("id => WPP.contact.getPnLidEntry(id)", id);
}
