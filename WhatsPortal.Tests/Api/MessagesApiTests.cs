using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Tests.Portal;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Api;

/// <summary>Sending through the API: what is refused, under which field, and what an idempotency key promises.</summary>
public sealed class MessagesApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task An_idempotency_key_reused_for_a_different_message_is_refused_with_422_and_a_retry_gets_the_first()
    {
        var (client, instanceId) = await InstanceAsync();
        var first = await SendAsync(client, instanceId, new { to = "5511988887777", text = "Order 42 confirmed" }, key: "order-42");
        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        var queued = (await first.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!;

        var retried = await SendAsync(client, instanceId, new { to = "5511988887777", text = "Order 42 confirmed" }, key: "order-42");
        Assert.Equal(HttpStatusCode.Accepted, retried.StatusCode);
        Assert.Equal(queued.Id, (await retried.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!.Id);

        foreach (var other in new object[] { new { to = "5511988887777", text = "Order 43 confirmed" }, new { to = "5511977776666", text = "Order 42 confirmed" } })
        {
            var reused = await SendAsync(client, instanceId, other, key: "order-42");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, reused.StatusCode);
            Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("order-42", await reused.Content.ReadAsStringAsync());
        }
        await using var db = factory.AcrossTenants();
        Assert.Equal(1, db.Messages.Count(m => m.InstanceId == instanceId));
    }

    [Fact]
    public async Task Validation_errors_are_filed_under_the_field_that_is_wrong()
    {
        var (client, instanceId) = await InstanceAsync();
        Assert.Equal(["to"], await ErrorFieldsAsync(await SendAsync(client, instanceId, new { to = "not a number", text = "Hi" })));
        Assert.Equal(["text"], await ErrorFieldsAsync(await SendAsync(client, instanceId, new { to = "5511988887777", text = " " })));
        Assert.Equal([MessagesApi.IdempotencyHeader], await ErrorFieldsAsync(await SendAsync(client, instanceId, new { to = "5511988887777", text = "Hi" }, key: new string('k', 129))));
        Assert.Equal(["media.mimeType"], await ErrorFieldsAsync(await SendAsync(client, instanceId,
            new { to = "5511988887777", media = new { base64 = "aGVsbG8=", mimeType = "image/tiff", fileName = "scan.tiff" } })));
    }

    [Fact]
    public async Task A_logged_out_instance_refuses_to_send_with_409_and_queues_nothing()
    {
        var (client, instanceId) = await InstanceAsync();
        await using (var db = factory.AcrossTenants())
            await db.Instances.Where(i => i.Id == instanceId).ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InstanceStatus.LoggedOut));

        var refused = await SendAsync(client, instanceId, new { to = "5511988887777", text = "Oi" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        // The same sentence the portal's composer shows (ChatThreadTests.The_composer_refuses_a_logged_out_instance...).
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("The instance is 'logged_out': start it and link it again before sending.", problem.GetProperty("detail").GetString());
        await using var check = factory.AcrossTenants();
        Assert.False(await check.Messages.AnyAsync(m => m.InstanceId == instanceId));
    }

    [Fact]
    public async Task A_malformed_before_in_a_thread_answers_400_in_the_api()
    {
        var (_, key) = await factory.CreateTenantWithKeyAsync();
        var (client, instanceId) = await InstanceAsync(key);
        var sent = await SendAsync(client, instanceId, new { to = "5511988887777", text = "Hi" });
        var messageId = (await sent.Content.ReadFromJsonAsync<MessagesApi.QueuedMessageResponse>())!.Id;
        var chatId = (await client.GetFromJsonAsync<ChatsApi.MessageResponse>($"/api/v1/instances/{instanceId}/messages/{messageId}"))!.ChatId;

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/instances/{instanceId}/chats/{chatId}/messages?before=zzz")).StatusCode);
    }

    [Fact]
    public void The_readme_states_the_media_limit_the_code_enforces()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var megabytes = EngineOptions.DefaultMaxMediaBytes / (1024 * 1024);
        Assert.Matches($@"\| `Engine:MaxMediaBytes` \| `{EngineOptions.DefaultMaxMediaBytes}` \|", readme);
        var stated = Regex.Matches(readme, @"up to (\d+) MB").Select(m => long.Parse(m.Groups[1].Value)).ToList();
        Assert.NotEmpty(stated);
        Assert.All(stated, value => Assert.Equal(megabytes, value));
    }

    [Fact]
    public async Task A_webhook_whose_host_name_resolves_to_a_private_address_is_refused_when_saved()
    {
        // This machine's own name resolves to its loopback or private addresses, never to a public one.
        var host = Dns.GetHostName();
        Assert.DoesNotContain((await Dns.GetHostAddressesAsync(host)), Web.Integration.WebhookDestinationGuard.IsPublic);
        var (client, instanceId) = await InstanceAsync();

        var instanceHook = await client.PutAsJsonAsync($"/api/v1/instances/{instanceId}/webhook", new { url = $"http://{host}:9000/hook" });
        Assert.Equal(["url"], await ErrorFieldsAsync(instanceHook));
        var tenantHook = await client.PutAsJsonAsync("/api/v1/webhook", new { url = $"http://{host}:9000/hook" });
        Assert.Equal(["url"], await ErrorFieldsAsync(tenantHook));
        var created = await client.PostAsJsonAsync("/api/v1/instances", new { name = "hooked", webhookUrl = $"https://{host}/hook" });
        Assert.Equal(["webhookUrl"], await ErrorFieldsAsync(created));

        await using var db = factory.AcrossTenants();
        Assert.Null(db.Instances.Single(i => i.Id == instanceId).WebhookUrl);
    }

    private async Task<(HttpClient Client, Guid InstanceId)> InstanceAsync(string? key = null)
    {
        key ??= (await factory.CreateTenantWithKeyAsync()).Key;
        var client = factory.ApiClient(key);
        var created = await client.PostAsJsonAsync("/api/v1/instances", new { name = "sales" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (client, (await created.Content.ReadFromJsonAsync<InstancesApi.InstanceResponse>())!.Id);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, Guid instanceId, object body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/instances/{instanceId}/messages") { Content = JsonContent.Create(body) };
        if (key is not null) request.Headers.Add(MessagesApi.IdempotencyHeader, key);
        return client.SendAsync(request);
    }

    private static async Task<string[]> ErrorFieldsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return problem.GetProperty("errors").EnumerateObject().Select(e => e.Name).ToArray();
    }
}
