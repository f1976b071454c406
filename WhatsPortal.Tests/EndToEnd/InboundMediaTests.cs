using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Portal;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>Media a contact sends: kept under the data directory, served by the API, announced by the webhook, shown in the thread.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class InboundMediaTests
{
    private const string InstanceNumber = "5511900000011";
    private const string Customer = "5511977770011";
    // A 1x1 PNG.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
    private static readonly byte[] Pdf = "%PDF-1.4 pedido 42\n%%EOF"u8.ToArray();
    // Messages arrive live only: the history import on connecting would race them and store them without files.
    private static readonly KeyValuePair<string, string?> NoImport = new("Engine:ImportChatCount", "0");

    [Fact]
    public async Task A_contact_s_image_and_pdf_are_kept_fetchable_announced_and_shown()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var world = await LinkedWorld.StartAsync("media-in", InstanceNumber, [new("Webhooks:AllowedHosts:0", "127.0.0.1"), NoImport]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        var webhook = await api.PutAsJsonAsync($"/api/v1/instances/{instance.Id}/webhook", new { url = receiver.Url.ToString(), events = new[] { "message.received" } });
        Assert.Equal(HttpStatusCode.OK, webhook.StatusCode);

        await simulator.CreatePhoneAsync(Customer, "Carla");
        await SendMediaAsync(simulator, "Foto do produto", Png, "image/png", "produto.png");
        await SendMediaAsync(simulator, null, Pdf, "application/pdf", "pedido.pdf");
        await Eventually.TrueAsync(() => Task.FromResult(receiver.Requests.Count >= 2), "the webhook hears of both files");

        var announced = receiver.Requests.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("data").GetProperty("message")).ToList();
        var image = Assert.Single(announced, m => m.GetProperty("type").GetString() == "image");
        var document = Assert.Single(announced, m => m.GetProperty("type").GetString() == "document");
        Assert.Equal("Foto do produto", image.GetProperty("text").GetString());
        var imageId = await AssertFetchableAsync(api, instance.Id, image, Png, "image/png", "produto.png");
        var documentId = await AssertFetchableAsync(api, instance.Id, document, Pdf, "application/pdf", "pedido.pdf");

        // Another tenant's key finds nothing, as for a message that does not exist.
        var (_, otherKey) = await world.Portal.CreateTenantWithKeyAsync();
        using var other = world.Portal.ApiClient(otherKey);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync(MessageMediaApi.PathOf(instance.Id, imageId))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(MessageMediaApi.PathOf(instance.Id, Guid.NewGuid()))).StatusCode);

        // The thread shows the image inline and offers the PDF for download.
        var email = await PortalUsers.CreateUserAsync(world.Portal, world.TenantId, Roles.Owner);
        using var browser = await PortalUsers.LogInAsync(world.Portal, email);
        var chatId = image.GetProperty("chatId").GetGuid();
        var thread = await PortalUsers.GetPageAsync(browser, $"/instances/{instance.Id}/chats/{chatId}");
        var shown = thread.QuerySelector($"[data-message='{imageId}'] img.msg-image");
        Assert.NotNull(shown);
        Assert.Equal($"portal/instances/{instance.Id}/media/{imageId}", shown.GetAttribute("src"));
        var offered = thread.QuerySelector($"[data-message='{documentId}'] a.msg-file");
        Assert.NotNull(offered);
        Assert.Equal("pedido.pdf", offered.GetAttribute("download"));
        Assert.Null(thread.QuerySelector($"[data-message='{documentId}'] img"));

        using var inline = await browser.GetAsync($"/portal/instances/{instance.Id}/media/{imageId}");
        Assert.Equal("image/png", inline.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png, await inline.Content.ReadAsByteArrayAsync());
        using var download = await browser.GetAsync($"/portal/instances/{instance.Id}/media/{documentId}");
        Assert.Equal("application/octet-stream", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task A_file_larger_than_the_limit_is_recorded_as_not_kept_and_later_messages_still_arrive()
    {
        await using var world = await LinkedWorld.StartAsync("media-big", InstanceNumber, [new("Engine:MaxMediaBytes", "1000"), NoImport]);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Carla");

        await SendMediaAsync(simulator, "catálogo", new byte[2000], "application/pdf", "catalogo.pdf");
        await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Chegou?");
        ChatsApi.MessageResponse[] thread = [];
        await Eventually.TrueAsync(async () =>
        {
            // The chat exists once the first message is stored.
            using var response = await api.GetAsync($"/api/v1/instances/{instance.Id}/chats/{Customer}/messages");
            if (response.StatusCode == HttpStatusCode.NotFound) return false;
            thread = (await response.Content.ReadFromJsonAsync<ChatsApi.MessageResponse[]>())!;
            return thread.Length == 2;
        }, "both messages are stored");

        var big = Assert.Single(thread, m => m.Type == "document");
        Assert.Null(big.Media);
        Assert.Contains("not kept: larger than 1000 bytes", big.Error);
        Assert.Equal("catálogo", big.Text);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync(MessageMediaApi.PathOf(instance.Id, big.Id))).StatusCode);
        Assert.Contains(thread, m => m.Text == "Chegou?");
    }

    private static async Task SendMediaAsync(SimulatorServer simulator, string? caption, byte[] bytes, string mimetype, string filename)
    {
        using var sent = await simulator.Api.PostAsJsonAsync($"phones/{Customer}/messages",
            new { to = InstanceNumber, text = caption, media = new { data = Convert.ToBase64String(bytes), mimetype, filename } });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
    }

    /// <summary>The message's media object names where the API serves the file; the API serves its bytes, type and name.</summary>
    private static async Task<Guid> AssertFetchableAsync(HttpClient api, Guid instanceId, JsonElement message, byte[] bytes, string mimetype, string filename)
    {
        var id = message.GetProperty("id").GetGuid();
        var media = message.GetProperty("media");
        Assert.Equal(JsonValueKind.Object, media.ValueKind);
        Assert.Equal(mimetype, media.GetProperty("mimeType").GetString());
        Assert.Equal(filename, media.GetProperty("fileName").GetString());
        Assert.Equal(bytes.Length, media.GetProperty("size").GetInt64());
        Assert.Equal(MessageMediaApi.PathOf(instanceId, id), media.GetProperty("url").GetString());

        using var response = await api.GetAsync(media.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mimetype, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(filename, response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
        return id;
    }
}
