using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Api;

/// <summary>Reading, marking unread and archiving chats without a running engine: the archived filter, scopes, refusals, the OpenAPI document.</summary>
public sealed class ChatMarksApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_openapi_document_describes_the_chat_marks_with_summaries()
    {
        using var client = factory.CreateClient();
        var paths = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json")).RootElement.GetProperty("paths");
        foreach (var (path, method) in new[] { ("unread", "put"), ("unread", "delete"), ("archive", "put"), ("archive", "delete") })
            Assert.False(string.IsNullOrEmpty(paths.GetProperty($"/api/v1/instances/{{id}}/chats/{{chatId}}/{path}").GetProperty(method).GetProperty("summary").GetString()), $"{method} {path}");
        Assert.Contains(paths.GetProperty("/api/v1/instances/{id}/chats").GetProperty("get").GetProperty("parameters").EnumerateArray(),
            p => p.GetProperty("name").GetString() == "archived");
    }

    [Fact]
    public async Task Archived_chats_are_listed_apart_and_a_stopped_instance_cannot_archive_or_mark_unread_but_reads()
    {
        var (tenant, key) = await factory.CreateTenantWithKeyAsync();
        using var client = factory.ApiClient(key);
        var instanceId = await SeedAsync(tenant);
        var chats = $"/api/v1/instances/{instanceId}/chats";

        Assert.Equal("5511977776666@c.us", Assert.Single((await client.GetFromJsonAsync<ChatsApi.ChatResponse[]>($"{chats}?archived=true"))!).RemoteId);
        var inbox = Assert.Single((await client.GetFromJsonAsync<ChatsApi.ChatResponse[]>($"{chats}?archived=false"))!);
        Assert.Equal(("5511988887777@c.us", 2, false), (inbox.RemoteId, inbox.UnreadCount, inbox.Archived));
        Assert.Equal(2, (await client.GetFromJsonAsync<ChatsApi.ChatResponse[]>(chats))!.Length);

        var archive = await (await client.PutAsync($"{chats}/5511988887777/archive", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        Assert.Contains("not running", archive.Detail);
        await (await client.PutAsync($"{chats}/5511988887777/unread", null)).AssertProblemAsync(HttpStatusCode.Conflict);
        await (await client.DeleteAsync($"{chats}/5511999990000/unread")).AssertProblemAsync(HttpStatusCode.NotFound);
        inbox = Assert.Single((await client.GetFromJsonAsync<ChatsApi.ChatResponse[]>($"{chats}?archived=false"))!);
        Assert.Equal((2, false, false), (inbox.UnreadCount, inbox.MarkedUnread, inbox.Archived));

        // Reading needs no WhatsApp now: it is read there the next time the chat is read while connected.
        var read = await client.DeleteAsync($"{chats}/5511988887777/unread");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(0, (await read.Content.ReadFromJsonAsync<ChatsApi.ChatResponse>())!.UnreadCount);
    }

    [Fact]
    public async Task A_read_only_key_cannot_mark_chats()
    {
        var (tenant, readKey) = await factory.CreateTenantWithKeyAsync("read");
        var instanceId = await SeedAsync(tenant);
        using var reader = factory.ApiClient(readKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync($"/api/v1/instances/{instanceId}/chats/5511988887777/archive", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync($"/api/v1/instances/{instanceId}/chats/5511988887777/unread")).StatusCode);
    }

    /// <summary>A stopped instance with a chat holding two unread messages and an archived one.</summary>
    private async Task<Guid> SeedAsync(Guid tenant)
    {
        await using var db = factory.AcrossTenants();
        var instance = new Instance { TenantId = tenant, Name = "support " + Guid.NewGuid().ToString("N")[..6] };
        db.AddRange(instance,
            new Chat { TenantId = tenant, InstanceId = instance.Id, RemoteId = "5511988887777@c.us", UnreadCount = 2, LastMessageAt = DateTime.UtcNow },
            new Chat { TenantId = tenant, InstanceId = instance.Id, RemoteId = "5511977776666@c.us", Archived = true, LastMessageAt = DateTime.UtcNow.AddHours(-1) });
        await db.SaveChangesAsync();
        return instance.Id;
    }
}
