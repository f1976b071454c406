using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Simulator;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.EndToEnd;

/// <summary>The API, the engine in real Chromium and the simulator over real sockets, as an integrator uses them.</summary>
[Collection(SimulatorCollection.Name)]
[Trait("Category", "Browser")]
public sealed class MessagingThroughTheApiTests
{
    private const string InstanceNumber = "5511900000001";
    private const string Customer = "5511988887777";

    [Fact]
    public async Task A_linked_instance_sends_and_receives_and_its_messages_reach_read()
    {
        await using var world = await LinkedWorld.StartAsync("sales", InstanceNumber);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        Assert.Equal($"{InstanceNumber}@c.us", instance.WhatsAppId);
        await simulator.CreatePhoneAsync(Customer, "Ana");

        var sent = await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages", new { to = Customer, text = "Olá, Ana!" });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);
        var queued = (await sent.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!;
        Assert.Equal("queued", queued.Status);

        var onPhone = await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("text").GetString() == "Olá, Ana!", "the phone receives the text");
        await EngineBackedPortal.MessageStatusAsync(api, instance.Id, queued.Id, "delivered");
        await simulator.PostAsync($"phones/{Customer}/read", new { messageId = onPhone.GetProperty("id").GetString() });
        var read = await EngineBackedPortal.MessageStatusAsync(api, instance.Id, queued.Id, "read");
        Assert.NotNull(read.SentAt);
        Assert.NotNull(read.ReadAt);

        await simulator.SendFromPhoneAsync(Customer, InstanceNumber, "Quero um orçamento");
        ChatsApi.MessageResponse[] thread = [];
        await Eventually.TrueAsync(async () =>
        {
            thread = (await api.GetFromJsonAsync<ChatsApi.MessageResponse[]>($"/api/v1/instances/{instance.Id}/chats/{Customer}/messages"))!;
            return thread.Any(m => m.Direction == "inbound");
        }, "the reply is stored in the chat");
        Assert.Equal("Quero um orçamento", thread.First(m => m.Direction == "inbound").Text);
        Assert.Contains(thread, m => m.Id == queued.Id);
    }

    [Fact]
    public async Task Media_reaches_the_phone_with_its_type_and_name()
    {
        await using var world = await LinkedWorld.StartAsync("media", InstanceNumber);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");

        var pdf = "%PDF-1.4 quote"u8.ToArray();
        var sent = await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages", new
        {
            to = Customer,
            text = "Seu orçamento",
            media = new { base64 = Convert.ToBase64String(pdf), mimeType = "application/pdf", fileName = "orcamento.pdf" },
        });
        Assert.Equal(HttpStatusCode.Accepted, sent.StatusCode);

        var onPhone = await EngineBackedPortal.PhoneMessageAsync(simulator, Customer, m => m.GetProperty("type").GetString() == "document", "the phone receives the document");
        Assert.Equal("application/pdf", onPhone.GetProperty("mimetype").GetString());
        Assert.Equal("orcamento.pdf", onPhone.GetProperty("filename").GetString());
        Assert.Equal(pdf.Length, onPhone.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task A_retried_request_with_the_same_idempotency_key_sends_once()
    {
        await using var world = await LinkedWorld.StartAsync("idem", InstanceNumber);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);
        await simulator.CreatePhoneAsync(Customer, "Ana");

        var ids = new List<Guid>();
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/instances/{instance.Id}/messages")
            {
                Content = JsonContent.Create(new { to = Customer, text = "only once" }),
            };
            request.Headers.Add(MessagesApi.IdempotencyHeader, "order-42");
            var response = await api.SendAsync(request);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            ids.Add((await response.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!.Id);
        }
        Assert.Single(ids.Distinct());

        await EngineBackedPortal.MessageStatusAsync(api, instance.Id, ids[0], "delivered");
        Assert.Single(await simulator.MessagesAsync(Customer), m => m.GetProperty("text").GetString() == "only once");
    }

    [Fact]
    public async Task Restarting_the_app_reconnects_without_a_qr_and_loses_nothing_that_was_accepted()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var data = new TestDirectory();
        Guid instanceId;
        var accepted = new List<Guid>();
        string key;
        await using (var first = new EngineBackedPortal(simulator, data.Path))
        {
            (_, key) = await first.CreateTenantWithKeyAsync();
            using var api = first.ApiClient(key);
            instanceId = (await first.CreateConnectedInstanceAsync(api, "restart", InstanceNumber)).Id;
            await simulator.CreatePhoneAsync(Customer, "Ana");

            // Cut the instance off WhatsApp, accept messages, and shut down before they can go out.
            await simulator.PostAsync($"phones/{InstanceNumber}/drop");
            for (var i = 0; i < 3; i++)
            {
                var response = await api.PostAsJsonAsync($"/api/v1/instances/{instanceId}/messages", new { to = Customer, text = $"accepted before the restart #{i}" });
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                accepted.Add((await response.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!.Id);
            }
        }

        var linkedDevicesBefore = (await simulator.GetJsonAsync("stats")).GetProperty("linkedDevices").GetInt32();
        await using var second = new EngineBackedPortal(simulator, data.Path);
        using var again = second.ApiClient(key);
        await EngineBackedPortal.StatusAsync(again, instanceId, "connected");
        foreach (var id in accepted)
            await EngineBackedPortal.MessageStatusAsync(again, instanceId, id, "delivered");

        var onPhone = await simulator.MessagesAsync(Customer);
        for (var i = 0; i < 3; i++)
            Assert.Single(onPhone, m => m.GetProperty("text").GetString() == $"accepted before the restart #{i}");
        var stats = await simulator.GetJsonAsync("stats");
        Assert.Equal(linkedDevicesBefore, stats.GetProperty("linkedDevices").GetInt32());
        Assert.Equal(0, stats.GetProperty("conflicts").GetInt32());
    }

    [Fact]
    public async Task A_remote_logout_leaves_the_instance_logged_out_and_new_messages_are_refused()
    {
        await using var world = await LinkedWorld.StartAsync("logout", InstanceNumber);
        var (simulator, api, instance) = (world.Simulator, world.Api, world.Instance);

        await simulator.PostAsync($"phones/{InstanceNumber}/unlink-all");
        await EngineBackedPortal.StatusAsync(api, instance.Id, "logged_out");

        var problem = await (await api.PostAsJsonAsync($"/api/v1/instances/{instance.Id}/messages", new { to = Customer, text = "hi" }))
            .AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("logged_out", problem.Detail);
    }

    [Fact]
    public async Task Bad_sends_get_precise_answers_and_store_nothing()
    {
        await using var simulator = await SimulatorServer.StartAsync();
        using var data = new TestDirectory();
        await using var portal = new EngineBackedPortal(simulator, data.Path, [new("Engine:MaxMediaBytes", "8")]);
        var (_, key) = await portal.CreateTenantWithKeyAsync();
        var (_, otherKey) = await portal.CreateTenantWithKeyAsync();
        using var api = portal.ApiClient(key);
        using var other = portal.ApiClient(otherKey);
        var created = await api.PostAsJsonAsync("/api/v1/instances", new { name = "bad input" });
        var instance = (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!;
        var url = $"/api/v1/instances/{instance.Id}/messages";

        await (await api.PostAsJsonAsync(url, new { to = "12ab", text = "hi" })).AssertValidationProblemAsync();
        await (await api.PostAsJsonAsync(url, new { to = Customer, text = "" })).AssertValidationProblemAsync();
        await (await api.PostAsJsonAsync(url, new { to = Customer, text = new string('x', 65537) })).AssertValidationProblemAsync();
        await (await api.PostAsJsonAsync(url, new { to = Customer, media = new { base64 = "@@not base64@@", mimeType = "image/png" } })).AssertValidationProblemAsync();
        await (await api.PostAsJsonAsync(url, new { to = Customer, media = new { base64 = "AAAA", mimeType = "nonsense" } })).AssertValidationProblemAsync();
        var tooLarge = await (await api.PostAsJsonAsync(url, new { to = Customer, media = new { base64 = Convert.ToBase64String(new byte[9]), mimeType = "image/png" } })).AssertValidationProblemAsync();
        Assert.Contains("larger than 8 bytes", string.Join(" ", tooLarge.Errors.SelectMany(e => e.Value)));
        var unsupported = await (await api.PostAsJsonAsync(url, new { to = Customer, media = new { base64 = "AAAA", mimeType = "image/bmp" } })).AssertValidationProblemAsync();
        Assert.Contains("as a document", string.Join(" ", unsupported.Errors.SelectMany(e => e.Value)));
        await (await api.PostAsJsonAsync($"/api/v1/instances/{Guid.NewGuid()}/messages", new { to = Customer, text = "hi" })).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.PostAsJsonAsync(url, new { to = Customer, text = "hi" })).AssertProblemAsync(HttpStatusCode.NotFound);
        var noQr = await (await api.GetAsync($"/api/v1/instances/{instance.Id}/qr")).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("stopped", noQr.Detail);

        await using var db = portal.AcrossTenants();
        Assert.Empty(db.Messages.Where(m => m.InstanceId == instance.Id));
    }
}
