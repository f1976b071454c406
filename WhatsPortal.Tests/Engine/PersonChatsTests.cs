using Microsoft.EntityFrameworkCore;
using WhatsPortal.Data;
using WhatsPortal.Data.Entities;
using WhatsPortal.Engine;
using WhatsPortal.Engine.Inbound;
using WhatsPortal.Engine.Outbound;
using WhatsPortal.Tests.Infrastructure;

namespace WhatsPortal.Tests.Engine;

/// <summary>One person is one chat on a real database: a chat begun under a LID takes the number, or merges into the number's chat.</summary>
[Trait("Category", "Postgres")]
public sealed class PersonChatsTests
{
    private const string Lid = "204722913845621@lid";
    private const string Phone = "5511977770031@c.us";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_chat_begun_under_a_LID_merges_into_the_number_s_chat_once_the_number_is_known(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var (tenant, instance, contexts) = await SeedAsync(database);
        var underLid = await PersonChats.GetOrCreateAsync(contexts, tenant, instance, WhatsAppIds.IdentityOf(Lid, Lid, null), CancellationToken.None);
        Assert.Equal((Lid, Lid), (underLid.RemoteId, underLid.Lid));
        var underNumber = await OutboundQueue.GetOrCreateChatAsync(contexts, tenant, instance, Phone, CancellationToken.None);
        Assert.NotEqual(underLid.Id, underNumber.Id);
        await using (var db = contexts.ForTenant(tenant))
        {
            db.Messages.AddRange(
                new Message { InstanceId = instance, ChatId = underLid.Id, Text = "Oi", SenderId = Lid, Direction = MessageDirection.Inbound, Status = MessageStatus.Received },
                new Message { InstanceId = instance, ChatId = underNumber.Id, Text = "Olá", Direction = MessageDirection.Outbound, Status = MessageStatus.Sent });
            await db.SaveChangesAsync();
            await db.Chats.Where(c => c.Id == underLid.Id).ExecuteUpdateAsync(s => s.SetProperty(c => c.UnreadCount, 1).SetProperty(c => c.Name, "Ana"));
        }

        var merged = await PersonChats.GetOrCreateAsync(contexts, tenant, instance, WhatsAppIds.IdentityOf(Lid, Lid, Phone), CancellationToken.None);

        Assert.Equal(underNumber.Id, merged.Id);
        await using var check = contexts.ForTenant(tenant);
        var chat = Assert.Single(await check.Chats.ToListAsync());
        Assert.Equal((Phone, Lid, "Ana", 1), (chat.RemoteId, chat.Lid, chat.Name, chat.UnreadCount));
        var messages = await check.Messages.ToListAsync();
        Assert.Equal(2, messages.Count);
        Assert.All(messages, m => Assert.Equal(chat.Id, m.ChatId));
        Assert.Equal(Phone, messages.Single(m => m.Text == "Oi").SenderId);
        // Either id, with or without the other beside it, keeps finding this chat.
        Assert.Equal(chat.Id, (await PersonChats.GetOrCreateAsync(contexts, tenant, instance, WhatsAppIds.IdentityOf(Lid, Lid, null), CancellationToken.None)).Id);
        Assert.Equal(chat.Id, (await PersonChats.GetOrCreateAsync(contexts, tenant, instance, WhatsAppIds.IdentityOf(Phone, null, null), CancellationToken.None)).Id);
        Assert.Equal(chat.Id, (await OutboundQueue.GetOrCreateChatAsync(contexts, tenant, instance, Lid, CancellationToken.None)).Id);
        Assert.Single(await check.Chats.ToListAsync());
    }

    [Fact]
    public async Task A_chat_begun_under_a_LID_takes_the_number_when_the_number_had_no_chat()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var (tenant, instance, contexts) = await SeedAsync(database);
        var underLid = await PersonChats.GetOrCreateAsync(contexts, tenant, instance, WhatsAppIds.IdentityOf(Lid, Lid, null), CancellationToken.None);

        var renamed = await PersonChats.GetOrCreateAsync(contexts, tenant, instance, WhatsAppIds.IdentityOf(Lid, Lid, Phone), CancellationToken.None);

        Assert.Equal(underLid.Id, renamed.Id);
        await using var check = contexts.ForTenant(tenant);
        var chat = Assert.Single(await check.Chats.ToListAsync());
        Assert.Equal((Phone, Lid), (chat.RemoteId, chat.Lid));
    }

    private static async Task<(Guid Tenant, Guid Instance, WhatsPortalDbContextFactory Contexts)> SeedAsync(TestDatabase database)
    {
        var contexts = database.Contexts;
        var tenant = new Tenant { Name = "Acme" };
        await using (var db = contexts.AcrossTenants())
        {
            await db.Database.MigrateAsync();
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync();
        }
        var instance = new Instance { Name = "sales" };
        await using (var db = contexts.ForTenant(tenant.Id))
        {
            db.Instances.Add(instance);
            await db.SaveChangesAsync();
        }
        return (tenant.Id, instance.Id, contexts);
    }
}
