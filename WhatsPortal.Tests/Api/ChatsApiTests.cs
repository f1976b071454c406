using System.Net;
using System.Net.Http.Json;
using WhatsPortal.Data.Entities;
using WhatsPortal.Tests.Infrastructure;
using WhatsPortal.Web.Apis;

namespace WhatsPortal.Tests.Api;

public sealed class ChatsApiTests(PortalFactory factory) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task Paging_back_through_a_chat_returns_every_message_once_even_with_equal_timestamps()
    {
        var (tenant, key) = await factory.CreateTenantWithKeyAsync();
        var (instanceId, expected) = await SeedChatAsync(tenant, messages: 11);
        using var client = factory.ApiClient(key);

        var seen = new List<ChatsApi.MessageResponse>();
        Guid? before = null;
        while (true)
        {
            var url = $"/api/v1/instances/{instanceId}/chats/5511988887777/messages?limit=3" + (before is { } b ? $"&before={b}" : "");
            var page = (await client.GetFromJsonAsync<ChatsApi.MessageResponse[]>(url))!;
            if (page.Length == 0) break;
            seen.AddRange(page);
            before = page[^1].Id;
        }

        Assert.Equal(expected.Order(), seen.Select(m => m.Id).Order());
        Assert.Equal(seen.Count, seen.Select(m => m.Id).Distinct().Count());
        Assert.True(seen.Zip(seen.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt), "newest first");
    }

    [Fact]
    public async Task Chats_list_the_most_recent_first_and_another_tenant_sees_none()
    {
        var (tenant, key) = await factory.CreateTenantWithKeyAsync();
        var (instanceId, _) = await SeedChatAsync(tenant, messages: 1);
        using var client = factory.ApiClient(key);
        var chats = (await client.GetFromJsonAsync<ChatsApi.ChatResponse[]>($"/api/v1/instances/{instanceId}/chats"))!;
        Assert.Equal("5511988887777@c.us", Assert.Single(chats).RemoteId);

        var (_, otherKey) = await factory.CreateTenantWithKeyAsync();
        using var other = factory.ApiClient(otherKey);
        await (await other.GetAsync($"/api/v1/instances/{instanceId}/chats")).AssertProblemAsync(HttpStatusCode.NotFound);
        await (await other.GetAsync($"/api/v1/instances/{instanceId}/chats/5511988887777/messages")).AssertProblemAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=201")]
    [InlineData("offset=-1")]
    public async Task Out_of_range_paging_is_a_validation_problem(string query)
    {
        var (tenant, key) = await factory.CreateTenantWithKeyAsync();
        var (instanceId, _) = await SeedChatAsync(tenant, messages: 1);
        using var client = factory.ApiClient(key);
        await (await client.GetAsync($"/api/v1/instances/{instanceId}/chats?{query}")).AssertValidationProblemAsync();
    }

    private async Task<(Guid InstanceId, List<Guid> MessageIds)> SeedChatAsync(Guid tenant, int messages)
    {
        await using var db = factory.AcrossTenants();
        var instance = new Instance { TenantId = tenant, Name = "support " + Guid.NewGuid().ToString("N")[..6] };
        var chat = new Chat { TenantId = tenant, InstanceId = instance.Id, RemoteId = "5511988887777@c.us", LastMessageAt = DateTime.UtcNow };
        db.AddRange(instance, chat);
        // WhatsApp timestamps have whole seconds, so imported history often has ties.
        var sameSecond = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
        var ids = new List<Guid>();
        for (var i = 0; i < messages; i++)
        {
            var message = new Message
            {
                TenantId = tenant, InstanceId = instance.Id, ChatId = chat.Id, Direction = MessageDirection.Inbound,
                Status = MessageStatus.Received, Text = $"m{i}", CreatedAt = i < 6 ? sameSecond : sameSecond.AddMinutes(i),
            };
            db.Messages.Add(message);
            ids.Add(message.Id);
        }
        await db.SaveChangesAsync();
        return (instance.Id, ids);
    }
}
